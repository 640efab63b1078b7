/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Why a token could not be looked up, stored or cleared. Messages are
 * for people (the Connect dialog shows them) and never hold a token. */
#define HP_TOKEN_STORE_ERROR (hp_token_store_error_quark ())

typedef enum {
  HP_TOKEN_STORE_ERROR_UNAVAILABLE,  /* no keyring: built without libsecret, no session bus, no Secret Service */
  HP_TOKEN_STORE_ERROR_FAILED,       /* the keyring is there but refused (locked, prompt dismissed, …) */
} HpTokenStoreError;

GQuark hp_token_store_error_quark (void);

/* Server tokens in the user's keyring (the Secret Service, through
 * libsecret): one item per server, schema
 * "io.github.hotpath.Hotpath.Token" with the attribute "server" holding
 * the normalised HTTP address, labelled "Hotpath token for …" so people
 * find it in Seahorse. Every call is asynchronous. There is no other
 * backend: without a keyring nothing is stored anywhere. */
#define HP_TYPE_TOKEN_STORE (hp_token_store_get_type ())
G_DECLARE_FINAL_TYPE (HpTokenStore, hp_token_store, HP, TOKEN_STORE, GObject)

/* The secret schema's name and its one attribute. */
#define HP_TOKEN_STORE_SCHEMA_NAME "io.github.hotpath.Hotpath.Token"
#define HP_TOKEN_STORE_ATTRIBUTE   "server"

/* Signal "changed" (const char *server_key): a store or clear through
 * this object finished; the dialog tests wait for it. */

HpTokenStore *hp_token_store_get_default   (void);
HpTokenStore *hp_token_store_new           (void);

/* The key a server's token is filed under: "127.0.0.1:8188",
 * "http://127.0.0.1:8188/" and "ws://127.0.0.1:8188/ws" give
 * "http://127.0.0.1:8188". NULL and HP_COMFY_ERROR_ADDRESS when @address
 * is not a server address. */
char         *hp_token_store_server_key    (const char           *address,
                                            GError              **error);

/* Whether a keyring can be reached; the error says why not. */
void          hp_token_store_probe_async   (HpTokenStore         *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      hp_token_store_probe_finish  (HpTokenStore         *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* The token stored for @address; NULL without an error when none is. */
void          hp_token_store_lookup_async  (HpTokenStore         *self,
                                            const char           *address,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
char         *hp_token_store_lookup_finish (HpTokenStore         *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Stores @token for @address, replacing the one stored before. */
void          hp_token_store_store_async   (HpTokenStore         *self,
                                            const char           *address,
                                            const char           *token,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      hp_token_store_store_finish  (HpTokenStore         *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Removes the token stored for @address; TRUE also when there was none. */
void          hp_token_store_clear_async   (HpTokenStore         *self,
                                            const char           *address,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      hp_token_store_clear_finish  (HpTokenStore         *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
