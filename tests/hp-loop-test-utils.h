/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Main-loop waiting for the core tests that talk to a server on the
 * same loop (live capture, live faults). Header only: GLib, no GTK. */
#pragma once

#include <glib.h>

/* A 5 ms timeout so g_main_context_iteration (…, TRUE) wakes up to look
 * at the condition and the clock even when nothing else happens. */
static inline gboolean
hp_loop_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the default main context until @cond holds; fails the test
 * after @ms milliseconds, naming the condition. */
#define WAIT_FOR(cond, ms) \
  G_STMT_START { \
    gint64 wait_end_ = g_get_monotonic_time () + (gint64) (ms) * 1000; \
    guint wake_ = g_timeout_add (5, hp_loop_wake, NULL); \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > wait_end_) \
          g_error ("timed out waiting for %s", #cond); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (wake_); \
  } G_STMT_END

/* Runs the default main context for @ms milliseconds. */
static inline void
spin_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  guint wake = g_timeout_add (5, hp_loop_wake, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}
