/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Flatpak manifest, checked offline: valid JSON, the app id and
 * command the rest of the project uses, a GNOME runtime, permissions
 * limited to what Hotpath needs (files come through the portals, so no
 * --filesystem), and the app built from this source tree. */
#include <json-glib/json-glib.h>

#define APP_ID "io.github.hotpath.Hotpath"

static JsonObject *
load_manifest (JsonParser *parser)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "flatpak",
                                                 APP_ID ".json", NULL);
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static void
test_ids (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);

  g_assert_cmpstr (json_object_get_string_member (manifest, "app-id"), ==, APP_ID);
  g_assert_cmpstr (json_object_get_string_member (manifest, "command"), ==, "hotpath");
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");
  /* GNOME 43: GTK 4.8 and libadwaita 1.2, as on Debian 12. */
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime-version"), ==, "43");
}

static void
test_finish_args (void)
{
  static const char *allowed[] = {
    "--share=network",       /* live runs from a workflow server */
    "--share=ipc",           /* X11 shared memory, with fallback-x11 */
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--talk-name=org.freedesktop.secrets", /* "Remember the token" (libsecret) */
    NULL
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);
  JsonArray *args = json_object_get_array_member (manifest, "finish-args");

  g_assert_nonnull (args);
  for (guint i = 0; i < json_array_get_length (args); i++)
    {
      const char *arg = json_array_get_string_element (args, i);

      g_assert_nonnull (arg);
      if (!g_strv_contains (allowed, arg))
        g_error ("finish-args: %s is not needed by Hotpath", arg);
    }
  g_assert_cmpuint (json_array_get_length (args), ==, g_strv_length ((char **) allowed));
}

static void
test_module_from_source_tree (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);
  JsonArray *modules = json_object_get_array_member (manifest, "modules");
  JsonObject *last;
  JsonArray *sources;
  JsonObject *source;

  g_assert_nonnull (modules);
  g_assert_cmpuint (json_array_get_length (modules), >=, 1);
  /* The app is the last module; everything else comes from the runtime. */
  last = json_array_get_object_element (modules, json_array_get_length (modules) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "name"), ==, "hotpath");
  g_assert_cmpstr (json_object_get_string_member (last, "buildsystem"), ==, "meson");
  sources = json_object_get_array_member (last, "sources");
  g_assert_cmpuint (json_array_get_length (sources), ==, 1);
  source = json_array_get_object_element (sources, 0);
  g_assert_cmpstr (json_object_get_string_member (source, "type"), ==, "dir");
  /* flatpak/ is one level below the top of the tree. */
  g_assert_cmpstr (json_object_get_string_member (source, "path"), ==, "..");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flatpak/manifest/ids", test_ids);
  g_test_add_func ("/flatpak/manifest/finish-args", test_finish_args);
  g_test_add_func ("/flatpak/manifest/module-from-source-tree", test_module_from_source_tree);

  return g_test_run ();
}
