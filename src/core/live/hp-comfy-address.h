/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Errors of the ComfyUI client (address, connection, HTTP requests).
 * Messages name the server (never a token) and say what to do. */
#define HP_COMFY_ERROR (hp_comfy_error_quark ())

typedef enum {
  HP_COMFY_ERROR_ADDRESS,          /* what was typed is not a server address */
  HP_COMFY_ERROR_UNREACHABLE,      /* no connection to the server (refused, DNS, timeout) */
  HP_COMFY_ERROR_AUTH,             /* HTTP 401/403: credentials missing or refused */
  HP_COMFY_ERROR_HTTP,             /* another unexpected HTTP status */
  HP_COMFY_ERROR_NOT_COMFYUI,      /* the server answered, but not as ComfyUI does */
  HP_COMFY_ERROR_PROTOCOL,         /* a message or body that breaks the protocol */
  HP_COMFY_ERROR_PROMPT_REJECTED,  /* POST /prompt refused the graph (HTTP 400) */
  HP_COMFY_ERROR_NOT_FOUND,        /* the prompt is neither queued nor in the history */
  HP_COMFY_ERROR_BUSY,             /* a connection attempt is already under way */
} HpComfyError;

GQuark hp_comfy_error_quark (void);

/* A ComfyUI server address, parsed from what a person typed:
 * "http://127.0.0.1:8188", "127.0.0.1:8188", "localhost" (no scheme: port
 * 8188, ComfyUI's default), "https://example.org/comfy/" (a path prefix
 * behind a proxy; https → wss), "ws://host:port/ws", "wss://…",
 * "[::1]:8188". */
typedef struct _HpComfyAddress HpComfyAddress;

#define HP_TYPE_COMFY_ADDRESS (hp_comfy_address_get_type ())

GType            hp_comfy_address_get_type       (void) G_GNUC_CONST;

/* NULL and HP_COMFY_ERROR_ADDRESS when @text is not a server address. */
HpComfyAddress  *hp_comfy_address_parse          (const char           *text,
                                                  GError              **error);
HpComfyAddress  *hp_comfy_address_copy           (const HpComfyAddress *address);
void             hp_comfy_address_free           (HpComfyAddress       *address);

/* The HTTP base, without a trailing slash: "http://127.0.0.1:8188",
 * "https://example.org/comfy". Endpoints are appended to it. */
const char      *hp_comfy_address_get_http_uri   (const HpComfyAddress *address);
/* The websocket endpoint without a query: "ws://127.0.0.1:8188/ws". */
const char      *hp_comfy_address_get_ws_uri     (const HpComfyAddress *address);
/* @path_and_query starts with "/" and is already escaped ("/history/ID"). */
char            *hp_comfy_address_build_http_uri (const HpComfyAddress *address,
                                                  const char           *path_and_query);
/* The websocket URI with "?clientId=@client_id" (escaped). */
char            *hp_comfy_address_build_ws_uri   (const HpComfyAddress *address,
                                                  const char           *client_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HpComfyAddress, hp_comfy_address_free)

G_END_DECLS
