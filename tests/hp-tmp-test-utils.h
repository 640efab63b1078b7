/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scratch folders for tests: made under the temporary directory and
 * removed with everything in them. Header only, GLib only, so the core
 * and the widget tests share it without a library. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* A new empty folder from @tmpl ("hotpath-what-XXXXXX"); fails the test
 * when it cannot be made. */
static inline char *
hp_test_make_tmp_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

/* Removes @path: a file, or a folder with all it holds. */
static inline void
hp_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      hp_test_remove_tree (child);
    }
  g_rmdir (path);
}
