/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "hp-comfy-address.h"

G_BEGIN_DECLS

/* Private to the live folder: one JSON request to a ComfyUI server, with
 * errors worded for a person (the server is named, the token never). */

/* @authorization: the Authorization header value, or NULL. @body: a JSON
 * body to send (POST), or NULL. No reference on any object is kept but
 * @session's: the callback gets no source object. */
void       _hp_comfy_http_request_async   (SoupSession          *session,
                                           const HpComfyAddress *address,
                                           const char           *authorization,
                                           const char           *method,
                                           const char           *path_and_query,
                                           JsonNode             *body,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* The parsed JSON body of a 2xx answer. On another status, NULL and an
 * error; *@error_body gets the answer's JSON when it had one (a 400 from
 * POST /prompt explains itself there). *@status: the HTTP status, 0 when
 * the server was not reached. */
JsonNode  *_hp_comfy_http_request_finish  (GAsyncResult         *result,
                                           guint                *status,
                                           JsonNode            **error_body,
                                           GError              **error);

/* "Connection refused" out of "Could not connect to 127.0.0.1: Connection
 * refused": the reason without GIO's prefix, for our own sentence. */
char      *_hp_comfy_transport_reason     (const GError         *error);
/* HP_COMFY_ERROR_UNREACHABLE: "Could not reach the ComfyUI server at
 * URI: REASON" (cancellation is passed through unchanged). */
GError    *_hp_comfy_unreachable_error    (const HpComfyAddress *address,
                                           const GError         *error);
/* An error for an unexpected HTTP status of "METHOD PATH". */
GError    *_hp_comfy_status_error         (const HpComfyAddress *address,
                                           const char           *method,
                                           const char           *path,
                                           guint                 status,
                                           gboolean              sent_credentials);
/* "The server rejected the prompt: …" from POST /prompt's 400 body,
 * naming each failing node with its class_type. */
GError    *_hp_comfy_prompt_rejected_error (JsonNode            *body);

G_END_DECLS
