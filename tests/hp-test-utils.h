/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the widget tests: waiting on the main loop, finding
 * widgets in a tree, opening and closing windows, fixtures, accelerators
 * and screenshots. Every helper that checks
 * something fails the running test with a GTest assertion. */
#pragma once

#include <gtk/gtk.h>

#include "hp-application.h"
#include "hp-window.h"

G_BEGIN_DECLS

/* How long hp_test_wait_for() waits before failing the test. */
#if defined(__SANITIZE_ADDRESS__)
/* AddressSanitizer with the full-stack unwinder LeakSanitizer needs
 * (build-aux/run-tests.sh) makes a window ten times slower, and a 2-core
 * CI machine slower again: a two-window test took 27 s here and failed
 * a 30 s wait in CI. Hangs are still caught by meson's test timeout. */
#define HP_TEST_TIMEOUT_MS 120000
#else
#define HP_TEST_TIMEOUT_MS 10000
#endif

/**
 * HpTestCondition:
 * @data: the data given to hp_test_wait_for()
 *
 * Returns: whether the state a test waits for has been reached
 */
typedef gboolean (*HpTestCondition) (gpointer data);

void        hp_test_wait_for               (HpTestCondition  cond,
                                            gpointer         data);
void        hp_test_flush                  (void);
void        hp_test_settle                 (void);

GPtrArray  *hp_test_collect_widgets        (GtkWidget       *root,
                                            GType            type);
GPtrArray  *hp_test_collect_named          (GtkWidget       *root,
                                            GType            type,
                                            const char      *name);
GPtrArray  *hp_test_collect_by_type_name   (GtkWidget       *root,
                                            const char      *type_name);
GtkWidget  *hp_test_find_named             (GtkWidget       *root,
                                            const char      *name);
GtkWidget  *hp_test_get_named              (GtkWidget       *root,
                                            const char      *name);
GtkLabel   *hp_test_find_label_with_text   (GtkWidget       *root,
                                            const char      *text);
const char *hp_test_label_text             (GtkWidget       *root,
                                            const char      *name);
void        hp_test_sort_by_y              (GPtrArray       *widgets,
                                            GtkWidget       *relative_to);
GtkWindow  *hp_test_find_toplevel          (GType            type);

gboolean    hp_test_widget_mapped          (gpointer         widget);
gboolean    hp_test_window_has_profile     (gpointer         window);

char       *hp_test_fixture_path           (const char      *name);
GFile      *hp_test_fixture_file           (const char      *name);

HpApplication *hp_test_app_new             (void);

void        hp_test_assert_accel           (GtkApplication  *app,
                                            const char      *accel,
                                            const char      *action);
void        hp_test_click                  (GtkWidget       *root,
                                            const char      *name);

HpWindow   *hp_test_open_window            (HpApplication   *app,
                                            GFile           *file,
                                            int              width,
                                            int              height);
void        hp_test_destroy_window         (GtkWindow       *window,
                                            gpointer        *watched);

const char *hp_test_screenshot_dir         (void);
void        hp_test_set_dark               (gboolean         dark);
void        hp_test_save_png               (GtkWidget       *widget,
                                            const char      *dir,
                                            const char      *name);

G_END_DECLS
