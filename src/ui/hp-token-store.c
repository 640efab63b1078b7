/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include "hp-token-store.h"

#include <glib/gi18n.h>
#include <string.h>

#ifdef HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "hp-comfy-address.h"

struct _HpTokenStore
{
  GObject parent_instance;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HpTokenStore, hp_token_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (hp-token-store-error-quark, hp_token_store_error)

typedef enum {
  OP_PROBE,
  OP_LOOKUP,
  OP_STORE,
  OP_CLEAR,
} Op;

typedef struct
{
  Op    op;
  char *key;     /* normalised server address; NULL for a probe */
  char *token;   /* OP_STORE only; wiped when freed */
} OpData;

static void
op_data_free (OpData *data)
{
  g_free (data->key);
  if (data->token != NULL)
    {
      memset (data->token, 0, strlen (data->token));
      g_free (data->token);
    }
  g_free (data);
}

char *
hp_token_store_server_key (const char  *address,
                           GError     **error)
{
  g_autoptr(HpComfyAddress) parsed = NULL;

  g_return_val_if_fail (address != NULL, NULL);

  parsed = hp_comfy_address_parse (address, error);
  if (parsed == NULL)
    return NULL;
  return g_strdup (hp_comfy_address_get_http_uri (parsed));
}

#ifdef HAVE_LIBSECRET

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    HP_TOKEN_STORE_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { HP_TOKEN_STORE_ATTRIBUTE, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* What people are told, from what D-Bus or libsecret said. */
static GError *
keyring_error (GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
    return g_error_new_literal (HP_TOKEN_STORE_ERROR, HP_TOKEN_STORE_ERROR_UNAVAILABLE,
                                _("Not available: no keyring (Secret Service) is running"));
  g_dbus_error_strip_remote_error (error);
  if (error->domain == SECRET_ERROR)
    /* Translators: %s says why, as libsecret tells it (a locked keyring, …) */
    return g_error_new (HP_TOKEN_STORE_ERROR, HP_TOKEN_STORE_ERROR_FAILED,
                        _("The keyring refused: %s"), error->message);
  /* Translators: %s says why, as D-Bus tells it */
  return g_error_new (HP_TOKEN_STORE_ERROR, HP_TOKEN_STORE_ERROR_UNAVAILABLE,
                      _("Not available: the keyring cannot be reached (%s)"), error->message);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *items;
  SecretValue *value;
  const char *text;

  items = secret_service_search_finish (SECRET_SERVICE (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error));
      return;
    }
  value = items != NULL ? secret_item_get_secret (items->data) : NULL;
  text = value != NULL ? secret_value_get_text (value) : NULL;
  g_task_return_pointer (task, text != NULL ? g_strdup (text) : NULL, g_free);
  g_clear_pointer (&value, secret_value_unref);
  g_list_free_full (items, g_object_unref);
}

static void
changed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  OpData *data = g_task_get_task_data (task);

  if (data->op == OP_STORE)
    secret_service_store_finish (SECRET_SERVICE (object), result, &error);
  else
    secret_service_clear_finish (SECRET_SERVICE (object), result, &error);   /* FALSE: nothing stored */
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error));
      return;
    }
  g_signal_emit (g_task_get_source_object (task), signals[CHANGED], 0, data->key);
  g_task_return_boolean (task, TRUE);
}

static void
service_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  OpData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      g_task_return_error (task, keyring_error (error));
      return;
    }
  if (data->op == OP_PROBE)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  attributes = secret_attributes_build (token_schema (), HP_TOKEN_STORE_ATTRIBUTE, data->key, NULL);
  switch (data->op)
    {
    case OP_LOOKUP:
      /* Not secret_service_lookup(): libsecret 0.20.5 leaks each reply of
       * its GetSecrets call (LeakSanitizer, tests/test-token-store.c). */
      secret_service_search (service, token_schema (), attributes,
                             SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS, cancellable,
                             lookup_cb, g_steal_pointer (&task));
      break;
    case OP_STORE:
      {
        /* Translators: the item's name in the keyring (Seahorse); %s is a server address */
        g_autofree char *label = g_strdup_printf (_("Hotpath token for %s"), data->key);
        SecretValue *value = secret_value_new (data->token, -1, "text/plain");

        secret_service_store (service, token_schema (), attributes, SECRET_COLLECTION_DEFAULT, label,
                              value, cancellable, changed_cb, g_steal_pointer (&task));
        secret_value_unref (value);
      }
      break;
    case OP_CLEAR:
      secret_service_clear (service, token_schema (), attributes, cancellable,
                            changed_cb, g_steal_pointer (&task));
      break;
    case OP_PROBE:
    default:
      g_assert_not_reached ();
    }
}

static void
bus_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  bus = g_bus_get_finish (result, &error);
  if (bus == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          g_debug ("No session bus for the keyring: %s", error->message);
          g_task_return_new_error (task, HP_TOKEN_STORE_ERROR, HP_TOKEN_STORE_ERROR_UNAVAILABLE, "%s",
                                   _("Not available: there is no session bus to reach a keyring"));
        }
      return;
    }
  /* Only the Secret Service over D-Bus: never libsecret's file backend. */
  cancellable = g_task_get_cancellable (task);
  secret_service_get (SECRET_SERVICE_OPEN_SESSION, cancellable, service_cb, g_steal_pointer (&task));
}

#endif /* HAVE_LIBSECRET */

/* The session bus, then the Secret Service, then the operation. */
static void
start (HpTokenStore        *self,
       OpData              *data,
       gpointer             source_tag,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) op_data_free);
#ifdef HAVE_LIBSECRET
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_cb, g_steal_pointer (&task));
#else
  g_task_return_new_error (task, HP_TOKEN_STORE_ERROR, HP_TOKEN_STORE_ERROR_UNAVAILABLE, "%s",
                           _("Not available: this build of Hotpath has no keyring support (libsecret)"));
#endif
}

/* A new operation on @address; answered at once when it is not a server
 * address. */
static void
start_for_address (HpTokenStore        *self,
                   Op                   op,
                   const char          *address,
                   const char          *token,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = hp_token_store_server_key (address, &error);
  OpData *data;

  if (key == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, source_tag);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data = g_new0 (OpData, 1);
  data->op = op;
  data->key = g_steal_pointer (&key);
  data->token = g_strdup (token);
  start (self, data, source_tag, cancellable, callback, user_data);
}

/**
 * hp_token_store_probe_async:
 * @self: the store
 * @cancellable: (nullable): to stop waiting
 * @callback: called with the answer
 * @user_data: for @callback
 *
 * Reaches the Secret Service (starting it by D-Bus activation where it
 * is installed), so the Connect dialog can offer to remember a token
 * only where it can, and say why not elsewhere.
 */
void
hp_token_store_probe_async (HpTokenStore        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  OpData *data;

  g_return_if_fail (HP_IS_TOKEN_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (OpData, 1);
  data->op = OP_PROBE;
  start (self, data, hp_token_store_probe_async, cancellable, callback, user_data);
}

/**
 * hp_token_store_probe_finish:
 * @self: the store
 * @result: the result given to the callback
 * @error: HP_TOKEN_STORE_ERROR_UNAVAILABLE with a message that says why
 *   (shown as is), or G_IO_ERROR_CANCELLED
 *
 * Returns: whether tokens can be stored
 */
gboolean
hp_token_store_probe_finish (HpTokenStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hp_token_store_probe_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * hp_token_store_lookup_async:
 * @self: the store
 * @address: a server address in any form hp_comfy_address_parse() takes
 * @cancellable: (nullable): to stop waiting (a newer address was typed)
 * @callback: called with the answer
 * @user_data: for @callback
 *
 * Finds the token remembered for a server, so the Connect dialog can
 * fill it in when the server is picked again.
 */
void
hp_token_store_lookup_async (HpTokenStore        *self,
                             const char          *address,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (HP_IS_TOKEN_STORE (self));
  g_return_if_fail (address != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_for_address (self, OP_LOOKUP, address, NULL, hp_token_store_lookup_async,
                     cancellable, callback, user_data);
}

/**
 * hp_token_store_lookup_finish:
 * @self: the store
 * @result: the result given to the callback
 * @error: HP_COMFY_ERROR_ADDRESS, HP_TOKEN_STORE_ERROR or G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the token, or NULL (without an
 *   error) when none is stored for that server
 */
char *
hp_token_store_lookup_finish (HpTokenStore  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hp_token_store_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * hp_token_store_store_async:
 * @self: the store
 * @address: a server address in any form hp_comfy_address_parse() takes
 * @token: the token (bearer, or user:password for basic auth)
 * @cancellable: (nullable): to stop waiting
 * @callback: called when stored
 * @user_data: for @callback
 *
 * Remembers @token for the server in the default collection (the login
 * keyring), replacing the one stored before, so users need not retype it.
 */
void
hp_token_store_store_async (HpTokenStore        *self,
                            const char          *address,
                            const char          *token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HP_IS_TOKEN_STORE (self));
  g_return_if_fail (address != NULL);
  g_return_if_fail (token != NULL && *token != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_for_address (self, OP_STORE, address, token, hp_token_store_store_async,
                     cancellable, callback, user_data);
}

gboolean
hp_token_store_store_finish (HpTokenStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hp_token_store_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * hp_token_store_clear_async:
 * @self: the store
 * @address: a server address in any form hp_comfy_address_parse() takes
 * @cancellable: (nullable): to stop waiting
 * @callback: called when cleared
 * @user_data: for @callback
 *
 * Forgets the token of a server: what "Remember the token" turned off means.
 */
void
hp_token_store_clear_async (HpTokenStore        *self,
                            const char          *address,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HP_IS_TOKEN_STORE (self));
  g_return_if_fail (address != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_for_address (self, OP_CLEAR, address, NULL, hp_token_store_clear_async,
                     cancellable, callback, user_data);
}

gboolean
hp_token_store_clear_finish (HpTokenStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hp_token_store_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
hp_token_store_class_init (HpTokenStoreClass *klass)
{
  /**
   * HpTokenStore::changed:
   * @self: the store
   * @server_key: the normalised address whose token was stored or cleared
   *
   * A store or clear through this object finished.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
hp_token_store_init (HpTokenStore *self)
{
}

/**
 * hp_token_store_new:
 *
 * Returns: (transfer full): a store; all stores share the one keyring
 */
HpTokenStore *
hp_token_store_new (void)
{
  return g_object_new (HP_TYPE_TOKEN_STORE, NULL);
}

/**
 * hp_token_store_get_default:
 *
 * The store the Connect dialogs use, so that one's "changed" is seen by
 * all (and by the tests).
 *
 * Returns: (transfer none): the process's store
 */
HpTokenStore *
hp_token_store_get_default (void)
{
  static HpTokenStore *store;

  if (g_once_init_enter (&store))
    g_once_init_leave (&store, hp_token_store_new ());
  return store;
}
