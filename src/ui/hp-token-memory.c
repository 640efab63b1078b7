/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include "hp-token-memory.h"

#include <glib/gi18n.h>
#include <string.h>

struct _HpTokenMemory
{
  GObject       parent_instance;

  HpTokenStore *store;
  GtkEditable  *address;
  GtkEditable  *token;
  AdwActionRow *remember_row;
  GtkSwitch    *remember_switch;

  GCancellable *cancellable;         /* the probe; cancelled on dispose */
  GCancellable *lookup_cancellable;  /* the lookup under way */
  char         *lookup_key;          /* the server last looked up */
  gboolean      available;
  gboolean      filling;             /* the token field is being set here */
  gboolean      autofilled;          /* it shows what the keyring gave */
};

G_DEFINE_FINAL_TYPE (HpTokenMemory, hp_token_memory, G_TYPE_OBJECT)

/* A probe or lookup under way. It holds no reference on the memory: the
 * dialog's dispose must end it at once, and cancels what it started, so
 * a callback touches @self only when its cancellable was not cancelled. */
typedef struct
{
  HpTokenMemory *self;
  GCancellable  *cancellable;
} Pending;

static Pending *
pending_new (HpTokenMemory *self,
             GCancellable  *cancellable)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = self;
  pending->cancellable = g_object_ref (cancellable);
  return pending;
}

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->cancellable);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
set_token_text (HpTokenMemory *self,
                const char    *text)
{
  self->filling = TRUE;
  gtk_editable_set_text (self->token, text);
  self->filling = FALSE;
}

/* A server without a stored token: take away what the keyring filled in
 * for another one, leave what the user typed. */
static void
forget_autofill (HpTokenMemory *self)
{
  if (!self->autofilled)
    return;
  set_token_text (self, "");
  self->autofilled = FALSE;
  gtk_switch_set_active (self->remember_switch, FALSE);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  HpTokenMemory *self = pending->self;
  g_autoptr(GError) error = NULL;
  char *token;

  token = hp_token_store_lookup_finish (HP_TOKEN_STORE (object), result, &error);
  /* A newer address was typed meanwhile, or the dialog closed. */
  if (g_cancellable_is_cancelled (pending->cancellable))
    {
      g_free (token);
      return;
    }
  if (error != NULL)
    g_debug ("No token looked up for %s: %s", self->lookup_key, error->message);
  if (token == NULL)
    forget_autofill (self);
  else
    {
      set_token_text (self, token);
      self->autofilled = TRUE;
      gtk_switch_set_active (self->remember_switch, TRUE);
      memset (token, 0, strlen (token));
      g_free (token);
    }
}

static void
address_changed_cb (HpTokenMemory *self)
{
  g_autofree char *key = hp_token_store_server_key (gtk_editable_get_text (self->address), NULL);

  if (!self->available || g_strcmp0 (key, self->lookup_key) == 0)
    return;

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_free (self->lookup_key);
  self->lookup_key = g_steal_pointer (&key);
  if (self->lookup_key == NULL)
    {
      forget_autofill (self);
      return;
    }

  self->lookup_cancellable = g_cancellable_new ();
  hp_token_store_lookup_async (self->store, self->lookup_key, self->lookup_cancellable, lookup_cb,
                               pending_new (self, self->lookup_cancellable));
}

static void
token_changed_cb (HpTokenMemory *self)
{
  /* Typed over: the user's own token now. */
  if (!self->filling)
    self->autofilled = FALSE;
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  HpTokenMemory *self = pending->self;
  g_autoptr(GError) error = NULL;
  gboolean available;

  available = hp_token_store_probe_finish (HP_TOKEN_STORE (object), result, &error);
  if (g_cancellable_is_cancelled (pending->cancellable))
    return;
  if (!available)
    {
      g_debug ("No keyring for tokens: %s", error->message);
      gtk_switch_set_active (self->remember_switch, FALSE);
      adw_action_row_set_subtitle (self->remember_row, error->message);
      return;
    }
  self->available = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->remember_row), TRUE);
  adw_action_row_set_subtitle (self->remember_row, _("Kept in your keyring, for this server only"));
  address_changed_cb (self);
}

static void
commit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean stored = GPOINTER_TO_INT (user_data);
  gboolean done;

  if (stored)
    done = hp_token_store_store_finish (HP_TOKEN_STORE (object), result, &error);
  else
    done = hp_token_store_clear_finish (HP_TOKEN_STORE (object), result, &error);
  /* The dialog is usually gone by now: say it in the log (never the token). */
  if (!done)
    g_message (stored ? "The token was not remembered: %s" : "The remembered token was not removed: %s",
               error->message);
}

/**
 * hp_token_memory_commit:
 * @self: the dialog's token memory
 *
 * Stores the token of the server in the address field when the switch
 * is on (and a token was given), forgets it otherwise: what Connect does.
 * Nothing happens where no keyring was reached. Runs on after the dialog
 * closes.
 */
void
hp_token_memory_commit (HpTokenMemory *self)
{
  const char *address;
  const char *token;

  g_return_if_fail (HP_IS_TOKEN_MEMORY (self));

  if (!self->available)
    return;
  address = gtk_editable_get_text (self->address);
  token = gtk_editable_get_text (self->token);
  if (gtk_switch_get_active (self->remember_switch) && token != NULL && *token != '\0')
    hp_token_store_store_async (self->store, address, token, NULL, commit_cb, GINT_TO_POINTER (TRUE));
  else
    hp_token_store_clear_async (self->store, address, NULL, commit_cb, GINT_TO_POINTER (FALSE));
}

gboolean
hp_token_memory_get_available (HpTokenMemory *self)
{
  g_return_val_if_fail (HP_IS_TOKEN_MEMORY (self), FALSE);

  return self->available;
}

static void
hp_token_memory_dispose (GObject *object)
{
  HpTokenMemory *self = HP_TOKEN_MEMORY (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->lookup_cancellable);
  if (self->address != NULL)
    g_signal_handlers_disconnect_by_data (self->address, self);
  if (self->token != NULL)
    g_signal_handlers_disconnect_by_data (self->token, self);
  g_clear_object (&self->address);
  g_clear_object (&self->token);
  g_clear_object (&self->remember_row);
  g_clear_object (&self->remember_switch);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (hp_token_memory_parent_class)->dispose (object);
}

static void
hp_token_memory_finalize (GObject *object)
{
  HpTokenMemory *self = HP_TOKEN_MEMORY (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_free (self->lookup_key);

  G_OBJECT_CLASS (hp_token_memory_parent_class)->finalize (object);
}

static void
hp_token_memory_class_init (HpTokenMemoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hp_token_memory_dispose;
  object_class->finalize = hp_token_memory_finalize;
}

static void
hp_token_memory_init (HpTokenMemory *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * hp_token_memory_new:
 * @store: where tokens are kept
 * @address: the server address field
 * @token: the (masked) token field
 * @remember_row: the "Remember the token" row: insensitive, with the
 *   reason as its subtitle, while no keyring is reached
 * @remember_switch: its switch
 *
 * Starts looking for the keyring at once; the rows follow when it answers.
 *
 * Returns: (transfer full): the token memory of one dialog
 */
HpTokenMemory *
hp_token_memory_new (HpTokenStore *store,
                     GtkEditable  *address,
                     GtkEditable  *token,
                     AdwActionRow *remember_row,
                     GtkSwitch    *remember_switch)
{
  HpTokenMemory *self;

  g_return_val_if_fail (HP_IS_TOKEN_STORE (store), NULL);
  g_return_val_if_fail (GTK_IS_EDITABLE (address), NULL);
  g_return_val_if_fail (GTK_IS_EDITABLE (token), NULL);
  g_return_val_if_fail (ADW_IS_ACTION_ROW (remember_row), NULL);
  g_return_val_if_fail (GTK_IS_SWITCH (remember_switch), NULL);

  self = g_object_new (HP_TYPE_TOKEN_MEMORY, NULL);
  self->store = g_object_ref (store);
  self->address = g_object_ref (address);
  self->token = g_object_ref (token);
  self->remember_row = g_object_ref (remember_row);
  self->remember_switch = g_object_ref (remember_switch);

  g_signal_connect_swapped (address, "changed", G_CALLBACK (address_changed_cb), self);
  g_signal_connect_swapped (token, "changed", G_CALLBACK (token_changed_cb), self);

  gtk_switch_set_active (remember_switch, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (remember_row), FALSE);
  adw_action_row_set_subtitle (remember_row, _("Looking for your keyring…"));
  hp_token_store_probe_async (store, self->cancellable, probe_cb, pending_new (self, self->cancellable));
  return self;
}
