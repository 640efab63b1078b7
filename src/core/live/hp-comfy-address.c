/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-comfy-address.h"

#include <string.h>
#include <glib/gi18n.h>

/* Port ComfyUI listens on when started without --port. */
#define COMFY_DEFAULT_PORT 8188

struct _HpComfyAddress {
  char *http_uri;   /* "http://host:port/prefix", no trailing slash */
  char *ws_uri;     /* "ws://host:port/prefix/ws" */
};

G_DEFINE_BOXED_TYPE (HpComfyAddress, hp_comfy_address,
                     hp_comfy_address_copy, hp_comfy_address_free)

G_DEFINE_QUARK (hp-comfy-error-quark, hp_comfy_error)

static gboolean
fail_garbage (const char  *text,
              GError     **error)
{
  g_set_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_ADDRESS,
               _("“%s” is not a server address: expected host:port or http://host:port"),
               text);
  return FALSE;
}

static gboolean
host_is_valid (const char *host)
{
  g_assert (host != NULL);

  if (*host == '\0')
    return FALSE;
  /* An IPv6 literal (from "[…]"); anything else with a colon is not a host. */
  if (strchr (host, ':') != NULL)
    return g_hostname_is_ip_address (host);
  if (host[0] == '.' || host[0] == '-')
    return FALSE;
  for (const char *p = host; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
        return FALSE;
    }
  return TRUE;
}

static char *
join_uri (const char *scheme,
          const char *host,
          int         port,
          const char *path)
{
  GString *s = g_string_new (scheme);

  g_string_append (s, "://");
  if (strchr (host, ':') != NULL)
    {
      /* IPv6 literal; a zone id's "%" is escaped in URIs (RFC 6874). */
      g_autofree char *escaped = g_uri_escape_string (host, ":", FALSE);
      g_string_append_printf (s, "[%s]", escaped);
    }
  else
    g_string_append (s, host);
  if (port > 0)
    g_string_append_printf (s, ":%d", port);
  g_string_append (s, path);
  return g_string_free (s, FALSE);
}

/**
 * hp_comfy_address_parse:
 * @text: what a person typed in the Connect dialog or on the command line
 * @error: return location for an HP_COMFY_ERROR_ADDRESS error
 *
 * Reads a ComfyUI server address in any of the forms people use, so the
 * Connect dialog and `hotpath-cli record` take what users copy from their
 * browser or the ComfyUI console.
 *
 * Returns: (transfer full) (nullable): the address
 */
HpComfyAddress *
hp_comfy_address_parse (const char  *text,
                        GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *full = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  HpComfyAddress *address;
  gboolean has_scheme;
  gboolean secure;
  gboolean ws_scheme;
  const char *path;
  gsize len;
  int port;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, HP_COMFY_ERROR, HP_COMFY_ERROR_ADDRESS,
                           _("No server address given: expected host:port or http://host:port"));
      return NULL;
    }
  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        return (fail_garbage (trimmed, error), NULL);
    }

  has_scheme = strstr (trimmed, "://") != NULL;
  if (has_scheme)
    full = g_strdup (trimmed);
  else if (strchr (trimmed, '[') == NULL && g_hostname_is_ip_address (trimmed)
           && strchr (trimmed, ':') != NULL)
    full = g_strdup_printf ("http://[%s]", trimmed);   /* a bare "::1" */
  else
    full = g_strconcat ("http://", trimmed, NULL);

  uri = g_uri_parse (full, G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY
                           | G_URI_FLAGS_ENCODED_FRAGMENT, &local_error);
  if (uri == NULL)
    {
      if (g_error_matches (local_error, G_URI_ERROR, G_URI_ERROR_BAD_PORT))
        {
          g_set_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_ADDRESS,
                       _("“%s” is not a server address: the port must be a number from 1 to 65535"),
                       trimmed);
          return NULL;
        }
      return (fail_garbage (trimmed, error), NULL);
    }

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  if (g_str_equal (scheme, "http") || g_str_equal (scheme, "ws"))
    secure = FALSE;
  else if (g_str_equal (scheme, "https") || g_str_equal (scheme, "wss"))
    secure = TRUE;
  else
    {
      g_set_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_ADDRESS,
                   _("“%s” is not a server address: it must start with http://, https://, ws:// or wss://"),
                   trimmed);
      return NULL;
    }
  ws_scheme = scheme[0] == 'w';

  if (g_uri_get_userinfo (uri) != NULL)
    {
      /* Not echoing the text: it holds a password. */
      g_set_error_literal (error, HP_COMFY_ERROR, HP_COMFY_ERROR_ADDRESS,
                           _("The server address contains a user name or password: give them as the token instead"));
      return NULL;
    }

  if (g_uri_get_host (uri) == NULL || !host_is_valid (g_uri_get_host (uri)))
    return (fail_garbage (trimmed, error), NULL);
  host = g_ascii_strdown (g_uri_get_host (uri), -1);

  port = g_uri_get_port (uri);
  if (port == 0)
    {
      g_set_error (error, HP_COMFY_ERROR, HP_COMFY_ERROR_ADDRESS,
                   _("“%s” is not a server address: the port must be a number from 1 to 65535"),
                   trimmed);
      return NULL;
    }
  if (port < 0 && !has_scheme)
    port = COMFY_DEFAULT_PORT;
  if (port == (secure ? 443 : 80))
    port = -1;   /* the scheme's own port is left out of the URI */

  /* The path is a prefix behind a proxy; a websocket URL ends in "/ws". */
  path = g_uri_get_path (uri);
  prefix = g_strdup (path != NULL ? path : "");
  len = strlen (prefix);
  while (len > 0 && prefix[len - 1] == '/')
    prefix[--len] = '\0';
  if (ws_scheme && g_str_has_suffix (prefix, "/ws"))
    prefix[len - 3] = '\0';

  address = g_new0 (HpComfyAddress, 1);
  address->http_uri = join_uri (secure ? "https" : "http", host, port, prefix);
  {
    g_autofree char *ws_path = g_strconcat (prefix, "/ws", NULL);
    address->ws_uri = join_uri (secure ? "wss" : "ws", host, port, ws_path);
  }
  return address;
}

HpComfyAddress *
hp_comfy_address_copy (const HpComfyAddress *address)
{
  HpComfyAddress *copy;

  g_return_val_if_fail (address != NULL, NULL);

  copy = g_new0 (HpComfyAddress, 1);
  copy->http_uri = g_strdup (address->http_uri);
  copy->ws_uri = g_strdup (address->ws_uri);
  return copy;
}

void
hp_comfy_address_free (HpComfyAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->http_uri);
  g_free (address->ws_uri);
  g_free (address);
}

const char *
hp_comfy_address_get_http_uri (const HpComfyAddress *address)
{
  g_return_val_if_fail (address != NULL, NULL);
  return address->http_uri;
}

const char *
hp_comfy_address_get_ws_uri (const HpComfyAddress *address)
{
  g_return_val_if_fail (address != NULL, NULL);
  return address->ws_uri;
}

/**
 * hp_comfy_address_build_http_uri:
 *
 * An endpoint of the server ("/queue", "/history/ID") under its base, so
 * a proxy prefix is kept.
 */
char *
hp_comfy_address_build_http_uri (const HpComfyAddress *address,
                                 const char           *path_and_query)
{
  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (path_and_query != NULL && path_and_query[0] == '/', NULL);

  return g_strconcat (address->http_uri, path_and_query, NULL);
}

/**
 * hp_comfy_address_build_ws_uri:
 *
 * The websocket URI for @client_id: ComfyUI sends a prompt's node events
 * only to the socket whose clientId submitted it.
 */
char *
hp_comfy_address_build_ws_uri (const HpComfyAddress *address,
                               const char           *client_id)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  escaped = g_uri_escape_string (client_id, NULL, FALSE);
  return g_strdup_printf ("%s?clientId=%s", address->ws_uri, escaped);
}
