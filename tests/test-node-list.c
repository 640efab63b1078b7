/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widget tests of the node list, headless under Xvfb (environment in
 * tests/meson.build): a plain GtkWindow holding an HpNodeList over a
 * session of tests/fixtures/cli-small.hotpath, fresh for every test.
 *
 * cli-small.hotpath, worked by hand (times in ms, runs in start order):
 *   r1 succeeded  started 1700000000 s   1 Load: 1000     2 Sample: 1800      3 Save: 200
 *   r2 succeeded  started 1700000100 s   1: cached        2: 1900             3: 200
 *   r3 failed     started 1700000200 s   1: cached        2: failed (500, "boom")  3: skipped
 *   r4 succeeded  started 1700000300 s   1: cached        2: 2400             3: 200
 * 1700000000 s is 2023-11-14 22:13:20 UTC (TZ=UTC in the test environment).
 * Means: Sample 6100 / 3 = 2033.3, Load 1000, Save 200. */
#include <adwaita.h>

#include "hp-node-details.h"
#include "hp-node-list.h"
#include "hp-node-row.h"
#include "hp-profile-io.h"
#include "hp-sparkline.h"
#include "hp-test-utils.h"

typedef struct {
  GtkWindow  *window;
  HpNodeList *list;
  HpSession  *session;
  HpProfile  *profile;
} Fixture;

/* The texts of every label called @name under @root, in widget order. */
static char *
label_texts (GtkWidget  *root,
             const char *name)
{
  g_autoptr(GPtrArray) found = hp_test_collect_named (root, GTK_TYPE_LABEL, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) texts = NULL;

  for (guint i = 0; i < found->len; i++)
    g_strv_builder_add (builder, gtk_label_get_text (g_ptr_array_index (found, i)));
  texts = g_strv_builder_end (builder);
  return g_strjoinv ("|", texts);
}

/* The titles of the nodes in display order, details rows left out. */
static char *
shown_titles (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (hp_node_list_get_selection (fixture->list));
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HpNodeStats) stats = hp_node_list_get_stats_at (fixture->list, i);

      if (stats == NULL)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, hp_node_stats_get_title (stats));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static HpNodeRow *
find_drawn_row (Fixture    *fixture,
                const char *node_id)
{
  g_autoptr(GPtrArray) rows = hp_test_collect_widgets (GTK_WIDGET (fixture->list),
                                                      HP_TYPE_NODE_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      HpNodeRow *row = g_ptr_array_index (rows, i);
      HpNodeStats *stats = hp_node_row_get_stats (row);

      if (stats != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)) &&
          g_strcmp0 (hp_node_stats_get_node_id (stats), node_id) == 0)
        return row;
    }
  return NULL;
}

static HpNodeDetails *
find_drawn_details (Fixture *fixture)
{
  g_autoptr(GPtrArray) all = hp_test_collect_widgets (GTK_WIDGET (fixture->list),
                                                     HP_TYPE_NODE_DETAILS);
  HpNodeDetails *found = NULL;

  for (guint i = 0; i < all->len; i++)
    {
      HpNodeDetails *details = g_ptr_array_index (all, i);

      if (hp_node_details_get_stats (details) != NULL && gtk_widget_get_mapped (GTK_WIDGET (details)))
        {
          g_assert_null (found);
          found = details;
        }
    }
  return found;
}

static gboolean
all_rows_drawn (gpointer data)
{
  Fixture *fixture = data;

  return find_drawn_row (fixture, "1") != NULL &&
         find_drawn_row (fixture, "2") != NULL &&
         find_drawn_row (fixture, "3") != NULL;
}

static gboolean
details_drawn (gpointer data)
{
  Fixture *fixture = data;

  return find_drawn_details (fixture) != NULL;
}

static gboolean
no_details_drawn (gpointer data)
{
  Fixture *fixture = data;

  return find_drawn_details (fixture) == NULL;
}

static void
show_profile (Fixture   *fixture,
              HpProfile *profile)
{
  fixture->profile = profile;
  fixture->session = hp_session_new (profile);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 700);
  fixture->list = HP_NODE_LIST (hp_node_list_new ());
  hp_node_list_set_session (fixture->list, fixture->session);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->list));
  gtk_window_present (fixture->window);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = hp_test_fixture_path ("cli-small.hotpath");
  HpProfile *profile = hp_profile_load_file (path, &error);

  g_assert_no_error (error);
  show_profile (fixture, profile);
  hp_test_wait_for (all_rows_drawn, fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  hp_test_settle ();
  /* Nothing in the list keeps the document alive. */
  g_assert_finalize_object (fixture->session);
  g_assert_finalize_object (fixture->profile);
}

/* A profile of @n_runs runs from native JSON: node "a" always executes
 * (100 ms), node "b" is always cached. */
static HpProfile *
make_profile (guint n_runs)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  HpProfile *profile;

  g_string_append (json,
                   "{\"format\": \"hotpath\", \"version\": 1,"
                   " \"workflow\": {\"id\": \"wf\", \"name\": \"Made\", \"nodes\": ["
                   "   {\"id\": \"a\", \"type\": \"Worker\", \"title\": \"Work\"},"
                   "   {\"id\": \"b\", \"type\": \"Loader\", \"title\": \"Cached loader\"}],"
                   "  \"edges\": []},"
                   " \"baseline\": null, \"runs\": [");
  for (guint i = 0; i < n_runs; i++)
    g_string_append_printf (json,
                            "%s{\"id\": \"m%u\", \"status\": \"succeeded\","
                            " \"started_at\": %" G_GINT64_FORMAT ", \"finished_at\": %" G_GINT64_FORMAT ","
                            " \"nodes\": [{\"id\": \"b\", \"status\": \"cached\", \"start_ms\": 0, \"duration_ms\": 0},"
                            "            {\"id\": \"a\", \"status\": \"completed\", \"start_ms\": 0, \"duration_ms\": 100}]}",
                            i > 0 ? "," : "", i + 1,
                            (gint64) 1700000000000 + i * 1000, (gint64) 1700000000000 + i * 1000 + 100);
  g_string_append (json, "]}");

  profile = hp_profile_load_data (json->str, json->len, "made.hotpath", &error);
  g_assert_no_error (error);
  return profile;
}

static void
test_rows_mean_order (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *titles = shown_titles (fixture);
  HpNodeRow *sample = find_drawn_row (fixture, "2");
  HpNodeRow *load = find_drawn_row (fixture, "1");
  g_autoptr(GPtrArray) sparklines = NULL;
  HpSparkline *sparkline;
  const double *values;
  guint n_values;

  /* Default order by mean, slowest first: 2033.3 > 1000 > 200. */
  g_assert_cmpstr (titles, ==, "Sample,Load,Save");
  g_assert_cmpint (hp_node_list_get_sort (fixture->list), ==, HP_NODE_LIST_SORT_MEAN);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hp_node_list_get_selection (fixture->list))), ==, 3);

  /* Every row has a sparkline of its executed durations, oldest first:
   * Sample r1 1800, r2 1900, r4 2400 (r3 failed, not a duration). */
  sparklines = hp_test_collect_widgets (GTK_WIDGET (sample), HP_TYPE_SPARKLINE);
  g_assert_cmpuint (sparklines->len, ==, 1);
  sparkline = g_ptr_array_index (sparklines, 0);
  values = hp_sparkline_get_values (sparkline, &n_values);
  g_assert_cmpuint (n_values, ==, 3);
  g_assert_cmpfloat (values[0], ==, 1800000.0);
  g_assert_cmpfloat (values[1], ==, 1900000.0);
  g_assert_cmpfloat (values[2], ==, 2400000.0);
  /* Range min 1800 → "1.80 s", max 2400 → "2.40 s". */
  g_assert_cmpstr (hp_sparkline_get_label (sparkline), ==, "Last 3 durations, from 1.80 s to 2.40 s");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (sparkline)), ==,
                   "Last 3 durations, from 1.80 s to 2.40 s");

  /* Load executed once (r1, 1000 ms). */
  g_clear_pointer (&sparklines, g_ptr_array_unref);
  sparklines = hp_test_collect_widgets (GTK_WIDGET (load), HP_TYPE_SPARKLINE);
  g_assert_cmpuint (sparklines->len, ==, 1);
  g_assert_cmpstr (hp_sparkline_get_label (g_ptr_array_index (sparklines, 0)), ==, "Last duration: 1.00 s");
  g_assert_cmpstr (hp_test_label_text (GTK_WIDGET (load), "mean-label"), ==, "1.00 s");
}

/* Enter on a row, as the list view's key binding does it. */
static void
press_enter_on (Fixture *fixture,
                guint    position)
{
  g_autoptr(GPtrArray) views = NULL;

  GtkWidget *view = NULL;

  /* The sort drop-down has a list view of its own in its popover. */
  views = hp_test_collect_widgets (GTK_WIDGET (fixture->list), GTK_TYPE_LIST_VIEW);
  for (guint i = 0; i < views->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (views, i), "node-list"))
      {
        g_assert_null (view);
        view = g_ptr_array_index (views, i);
      }
  g_assert_nonnull (view);
  g_assert_true (gtk_widget_activate_action (view, "list.activate-item", "u", position));
}

static gboolean
earlier_label_visible (GtkWidget *root)
{
  g_autoptr(GPtrArray) labels = hp_test_collect_named (root, GTK_TYPE_LABEL, "earlier-label");

  g_assert_cmpuint (labels->len, ==, 1);
  return gtk_widget_get_visible (g_ptr_array_index (labels, 0));
}

static void
test_details_sample (Fixture       *fixture,
                     gconstpointer  data)
{
  GListModel *rows = G_LIST_MODEL (hp_node_list_get_selection (fixture->list));
  g_autoptr(GtkTreeListRow) details_row = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *durations = NULL;
  g_autofree char *times = NULL;
  g_autofree char *errors = NULL;
  HpNodeDetails *details;
  GtkWidget *root;

  g_assert_false (hp_node_list_get_node_expanded (fixture->list, "2"));

  /* Enter on Sample (first by mean) opens its details right below it. */
  press_enter_on (fixture, 0);
  g_assert_true (hp_node_list_get_node_expanded (fixture->list, "2"));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 4);
  details_row = g_list_model_get_item (rows, 1);
  g_assert_cmpuint (gtk_tree_list_row_get_depth (details_row), ==, 1);
  g_assert_null (hp_node_list_get_stats_at (fixture->list, 1));
  hp_test_wait_for (details_drawn, fixture);

  details = find_drawn_details (fixture);
  root = GTK_WIDGET (details);
  g_assert_cmpstr (hp_node_stats_get_node_id (hp_node_details_get_stats (details)), ==, "2");

  /* Executed durations 1800, 1900, 2400 (sorted); percentiles linear,
   * h = (n − 1) p:
   *   min 1800 → "1.80 s", max 2400 → "2.40 s", median 1900 → "1.90 s"
   *   p95: h = 1.9  → 1900 + 0.9 × 500  = 2350 → "2.35 s"
   *   p99: h = 1.98 → 1900 + 0.98 × 500 = 2390 → "2.39 s"
   *   stddev (n − 1): mean 2033.33; squares 54444.4 + 17777.8 + 134444.4
   *   = 206666.7; / 2 = 103333.3; √ = 321.455 → "321.5 ms" */
  g_assert_cmpstr (hp_test_label_text (root, "min-label"), ==, "1.80 s");
  g_assert_cmpstr (hp_test_label_text (root, "max-label"), ==, "2.40 s");
  g_assert_cmpstr (hp_test_label_text (root, "median-label"), ==, "1.90 s");
  g_assert_cmpstr (hp_test_label_text (root, "p95-label"), ==, "2.35 s");
  g_assert_cmpstr (hp_test_label_text (root, "p99-label"), ==, "2.39 s");
  g_assert_cmpstr (hp_test_label_text (root, "stddev-label"), ==, "321.5 ms");

  /* Every recorded run of node 2, newest first, with its status; r3's
   * failed attempt lasted 500 ms and says "boom". Start times: 1700000000 s
   * = 2023-11-14 22:13:20 UTC, +100 s per run. */
  g_assert_cmpstr (hp_test_label_text (root, "runs-heading"), ==, "4 recorded runs");
  ids = label_texts (root, "run-id");
  statuses = label_texts (root, "run-status");
  durations = label_texts (root, "run-duration");
  times = label_texts (root, "run-time");
  errors = label_texts (root, "run-error");
  g_assert_cmpstr (ids, ==, "r4|r3|r2|r1");
  g_assert_cmpstr (statuses, ==, "completed|failed|completed|completed");
  g_assert_cmpstr (durations, ==, "2.40 s|500.0 ms|1.90 s|1.80 s");
  g_assert_cmpstr (times, ==, "2023-11-14 22:18:20|2023-11-14 22:16:40|2023-11-14 22:15:00|2023-11-14 22:13:20");
  g_assert_cmpstr (errors, ==, "boom");
  /* Four runs are well under the cap: no "earlier runs" line. */
  g_assert_false (earlier_label_visible (root));

  /* The session's run is the latest, r4. Previous successful run before
   * r4 is r2 (r3 failed): 2400 − 1900 = +500 ms; 500 / 1900 = +26.3 %. */
  g_assert_cmpstr (hp_test_label_text (root, "change-heading"), ==, "Change in r4");
  g_assert_cmpstr (hp_test_label_text (root, "previous-label"), ==,
                   "+500.0 ms (+26.3 %) vs previous successful run r2");
  g_assert_cmpstr (hp_test_label_text (root, "baseline-label"), ==, "no baseline pinned");

  /* Enter again closes it. */
  press_enter_on (fixture, 0);
  g_assert_false (hp_node_list_get_node_expanded (fixture->list, "2"));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  hp_test_wait_for (no_details_drawn, fixture);
}

static void
test_details_follow_session (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *root;
  HpRun *r1 = hp_profile_lookup_run (fixture->profile, "r1");
  HpRun *r3 = hp_profile_lookup_run (fixture->profile, "r3");

  hp_node_list_set_node_expanded (fixture->list, "2", TRUE);
  hp_test_wait_for (details_drawn, fixture);
  root = GTK_WIDGET (find_drawn_details (fixture));

  /* Pin r1: 2400 − 1800 = +600 ms; 600 / 1800 = +33.3 %, above the default
   * 20 % threshold and 50 ms noise floor → called out as a regression. */
  hp_profile_set_baseline (fixture->profile, r1);
  g_assert_cmpstr (hp_test_label_text (root, "baseline-label"), ==,
                   "+600.0 ms (+33.3 %) vs baseline r1");

  /* Look at the failed run r3: Sample did not execute there; the previous
   * successful run is r2. */
  hp_session_set_selected_run (fixture->session, r3);
  g_assert_cmpstr (hp_test_label_text (root, "change-heading"), ==, "Change in r3");
  g_assert_cmpstr (hp_test_label_text (root, "previous-label"), ==,
                   "not executed in r3, nothing to compare with previous successful run r2");

  /* r1 is the baseline itself and has no successful run before it. */
  hp_session_set_selected_run (fixture->session, r1);
  g_assert_cmpstr (hp_test_label_text (root, "previous-label"), ==, "no successful run before r1");
  g_assert_cmpstr (hp_test_label_text (root, "baseline-label"), ==, "r1 is the pinned baseline");
}

static void
test_regression_marked (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) labels = NULL;
  GtkWidget *root;

  hp_node_list_set_node_expanded (fixture->list, "2", TRUE);
  hp_test_wait_for (details_drawn, fixture);
  root = GTK_WIDGET (find_drawn_details (fixture));

  /* +26.3 % and +500 ms against r2: above 20 % and 50 ms → regression,
   * written with its sign so colour is not the only cue. */
  labels = hp_test_collect_named (root, GTK_TYPE_LABEL, "previous-label");
  g_assert_cmpuint (labels->len, ==, 1);
  g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (labels, 0), "delta-regression"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (g_ptr_array_index (labels, 0)), "+"));
}

static void
assert_sort (Fixture        *fixture,
             HpNodeListSort  sort,
             const char     *expected)
{
  g_autofree char *titles = NULL;

  hp_node_list_set_sort (fixture->list, sort);
  titles = shown_titles (fixture);
  g_assert_cmpstr (titles, ==, expected);
}

static void
test_sort_by_metric (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) dropdowns = NULL;
  g_autofree char *titles = NULL;

  /* Name, alphabetically: Load < Sample < Save. */
  assert_sort (fixture, HP_NODE_LIST_SORT_NAME, "Load,Sample,Save");
  /* Last executed duration: Sample 2400 (r4), Load 1000 (r1), Save 200. */
  assert_sort (fixture, HP_NODE_LIST_SORT_LAST, "Sample,Load,Save");
  /* Median: Sample 1900, Load 1000, Save 200. */
  assert_sort (fixture, HP_NODE_LIST_SORT_MEDIAN, "Sample,Load,Save");
  /* Max: Sample 2400, Load 1000, Save 200. */
  assert_sort (fixture, HP_NODE_LIST_SORT_MAX, "Sample,Load,Save");
  /* Executed runs: Sample 3, Save 3, Load 1; the tie by id, "2" < "3". */
  assert_sort (fixture, HP_NODE_LIST_SORT_RUNS, "Sample,Save,Load");
  /* Failed: Sample 1, Load 0, Save 0; the tie by id, "1" < "3". */
  assert_sort (fixture, HP_NODE_LIST_SORT_FAILED, "Sample,Load,Save");

  /* The drop-down shows the order and sets it. */
  dropdowns = hp_test_collect_named (GTK_WIDGET (fixture->list), GTK_TYPE_DROP_DOWN,
                                     "sort-dropdown");
  g_assert_cmpuint (dropdowns->len, ==, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (g_ptr_array_index (dropdowns, 0)), ==, HP_NODE_LIST_SORT_FAILED);
  gtk_drop_down_set_selected (g_ptr_array_index (dropdowns, 0), HP_NODE_LIST_SORT_NAME);
  g_assert_cmpint (hp_node_list_get_sort (fixture->list), ==, HP_NODE_LIST_SORT_NAME);
  titles = shown_titles (fixture);
  g_assert_cmpstr (titles, ==, "Load,Sample,Save");
}

static void
test_sort_keeps_expansion (Fixture       *fixture,
                           gconstpointer  data)
{
  GListModel *rows = G_LIST_MODEL (hp_node_list_get_selection (fixture->list));
  g_autoptr(GtkTreeListRow) details_row = NULL;
  g_autoptr(HpNodeStats) sample = NULL;

  hp_node_list_set_node_expanded (fixture->list, "2", TRUE);
  /* By name: Load, Sample, [Sample's details], Save. */
  hp_node_list_set_sort (fixture->list, HP_NODE_LIST_SORT_NAME);
  g_assert_true (hp_node_list_get_node_expanded (fixture->list, "2"));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 4);
  sample = hp_node_list_get_stats_at (fixture->list, 1);
  g_assert_cmpstr (hp_node_stats_get_node_id (sample), ==, "2");
  details_row = g_list_model_get_item (rows, 2);
  g_assert_cmpuint (gtk_tree_list_row_get_depth (details_row), ==, 1);
  hp_test_wait_for (details_drawn, fixture);
  g_assert_cmpstr (hp_node_stats_get_node_id (hp_node_details_get_stats (find_drawn_details (fixture))), ==, "2");
}

static gboolean
empty_page_shown (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GPtrArray) labels = hp_test_collect_named (GTK_WIDGET (fixture->list),
                                                        GTK_TYPE_LABEL, "empty-label");

  g_assert_cmpuint (labels->len, ==, 1);
  return gtk_widget_get_mapped (g_ptr_array_index (labels, 0));
}

static void
test_filter_text (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct {
    const char *text;
    const char *titles;
  } cases[] = {
    { "sam", "Sample" },         /* title "Sample" (and type "Sampler") */
    { "LOADER", "Load" },        /* type "Loader", any case */
    { "3", "Save" },             /* node id */
    { "  sa  ", "Sample,Save" }, /* blanks around are ignored */
    { "", "Sample,Load,Save" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *titles = NULL;

      hp_node_list_set_filter_text (fixture->list, cases[i].text);
      titles = shown_titles (fixture);
      g_assert_cmpstr (titles, ==, cases[i].titles);
    }

  /* Nothing matches: the list says so instead of going blank. */
  hp_node_list_set_filter_text (fixture->list, "zzz");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hp_node_list_get_selection (fixture->list))), ==, 0);
  hp_test_wait_for (empty_page_shown, fixture);
  hp_node_list_set_filter_text (fixture->list, NULL);
  hp_test_wait_for (all_rows_drawn, fixture);
  g_assert_false (empty_page_shown (fixture));
}

static void
test_find_action (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) bars = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  GtkSearchBar *bar;
  GtkEditable *entry;

  bars = hp_test_collect_widgets (GTK_WIDGET (fixture->list), GTK_TYPE_SEARCH_BAR);
  entries = hp_test_collect_named (GTK_WIDGET (fixture->list), GTK_TYPE_SEARCH_ENTRY,
                                   "search-entry");
  g_assert_cmpuint (bars->len, ==, 1);
  g_assert_cmpuint (entries->len, ==, 1);
  bar = g_ptr_array_index (bars, 0);
  entry = g_ptr_array_index (entries, 0);
  g_assert_false (gtk_search_bar_get_search_mode (bar));

  /* Ctrl+F's action opens the search bar. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->list), "node-list.find", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (bar));

  /* Typing filters (the entry's delayed "search-changed", sent at once). */
  gtk_editable_set_text (entry, "save");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpstr (hp_node_list_get_filter_text (fixture->list), ==, "save");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hp_node_list_get_selection (fixture->list))), ==, 1);

  /* Escape ("stop-search") closes the bar and clears the filter. */
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_false (gtk_search_bar_get_search_mode (bar));
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpstr (hp_node_list_get_filter_text (fixture->list), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hp_node_list_get_selection (fixture->list))), ==, 3);
}

static void
test_hide_cached_only_fixture (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *titles = NULL;

  /* Load was cached three times but executed once (r1): not cached-only. */
  hp_node_list_set_hide_cached_only (fixture->list, TRUE);
  titles = shown_titles (fixture);
  g_assert_cmpstr (titles, ==, "Sample,Load,Save");
}

static gboolean
made_rows_drawn (gpointer data)
{
  Fixture *fixture = data;

  return find_drawn_row (fixture, "a") != NULL;
}

static void
test_hide_cached_only_made (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *again = NULL;

  show_profile (&fixture, make_profile (2));
  hp_test_wait_for (made_rows_drawn, &fixture);

  /* "b" was cached in both runs and never executed: the toggle hides it.
   * By mean: Work 100 ms first, Cached loader (no duration) last. */
  before = shown_titles (&fixture);
  g_assert_cmpstr (before, ==, "Work,Cached loader");
  checks = hp_test_collect_named (GTK_WIDGET (fixture.list), GTK_TYPE_CHECK_BUTTON,
                                  "hide-cached-button");
  g_assert_cmpuint (checks->len, ==, 1);
  gtk_check_button_set_active (g_ptr_array_index (checks, 0), TRUE);
  g_assert_true (hp_node_list_get_hide_cached_only (fixture.list));
  after = shown_titles (&fixture);
  g_assert_cmpstr (after, ==, "Work");

  hp_node_list_set_hide_cached_only (fixture.list, FALSE);
  g_assert_false (gtk_check_button_get_active (g_ptr_array_index (checks, 0)));
  again = shown_titles (&fixture);
  g_assert_cmpstr (again, ==, "Work,Cached loader");

  fixture_tear_down (&fixture, NULL);
}

static void
test_details_cap (void)
{
  Fixture fixture = { 0 };
  g_autofree char *ids = NULL;
  g_auto(GStrv) split = NULL;
  GtkWidget *root;

  show_profile (&fixture, make_profile (1000));
  hp_test_wait_for (made_rows_drawn, &fixture);
  hp_node_list_set_node_expanded (fixture.list, "a", TRUE);
  hp_test_wait_for (details_drawn, &fixture);
  root = GTK_WIDGET (find_drawn_details (&fixture));

  /* 1,000 runs of "a": the newest 50 (m1000 … m951) are listed,
   * 1000 − 50 = 950 are summed up in one line. */
  g_assert_cmpstr (hp_test_label_text (root, "runs-heading"), ==, "1000 recorded runs");
  ids = label_texts (root, "run-id");
  split = g_strsplit (ids, "|", -1);
  g_assert_cmpuint (g_strv_length (split), ==, HP_NODE_DETAILS_MAX_RUNS);
  g_assert_cmpstr (split[0], ==, "m1000");
  g_assert_cmpstr (split[49], ==, "m951");
  g_assert_cmpstr (hp_test_label_text (root, "earlier-label"), ==, "and 950 earlier runs");

  fixture_tear_down (&fixture, NULL);
}

static void
test_selection_follows_session (Fixture       *fixture,
                                gconstpointer  data)
{
  GtkSelectionModel *selection = hp_node_list_get_selection (fixture->list);
  GtkSingleSelection *single = GTK_SINGLE_SELECTION (selection);

  g_assert_cmpuint (gtk_single_selection_get_selected (single), ==, GTK_INVALID_LIST_POSITION);

  /* Session → list: Save is third by mean. */
  hp_session_set_selected_node_id (fixture->session, "3");
  g_assert_cmpuint (gtk_single_selection_get_selected (single), ==, 2);

  /* Re-sorting by runs (Sample 3, Save 3, Load 1) moves Save to the
   * second row; it stays selected and the session keeps it. */
  hp_node_list_set_sort (fixture->list, HP_NODE_LIST_SORT_RUNS);
  g_assert_cmpuint (gtk_single_selection_get_selected (single), ==, 1);
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "3");

  /* Expanding a node above it shifts it down by one row. */
  hp_node_list_set_node_expanded (fixture->list, "2", TRUE);
  g_assert_cmpuint (gtk_single_selection_get_selected (single), ==, 2);
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "3");

  /* A filter that hides Save does not unselect it in the session… */
  hp_node_list_set_filter_text (fixture->list, "load");
  g_assert_cmpuint (gtk_single_selection_get_selected (single), ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "3");
  /* …and it is selected again when it shows. Sample still expanded:
   * Sample, details, Save, Load. */
  hp_node_list_set_filter_text (fixture->list, "");
  g_assert_true (hp_node_list_get_node_expanded (fixture->list, "2"));
  g_assert_cmpuint (gtk_single_selection_get_selected (single), ==, 2);

  /* List → session: picking Load's row (last) selects node 1. */
  gtk_selection_model_select_item (selection, 3, TRUE);
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "1");
  /* A details row cannot be selected by itself: its node is. */
  gtk_selection_model_select_item (selection, 1, TRUE);
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "2");
  g_assert_cmpuint (gtk_single_selection_get_selected (single), ==, 0);

  /* Jumping to a node the filter hides clears the filter. */
  hp_node_list_set_filter_text (fixture->list, "sample");
  hp_session_jump_to_node (fixture->session, "1");
  g_assert_cmpstr (hp_node_list_get_filter_text (fixture->list), ==, "");
  g_assert_cmpstr (hp_session_get_selected_node_id (fixture->session), ==, "1");
  g_assert_cmpint (hp_node_list_find_node (fixture->list, "1"), ==, 3);
  g_assert_cmpuint (gtk_single_selection_get_selected (single), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/node-list/rows/mean-order", test_rows_mean_order);
  ADD ("/node-list/details/sample", test_details_sample);
  ADD ("/node-list/details/follow-session", test_details_follow_session);
  ADD ("/node-list/details/regression", test_regression_marked);
  g_test_add_func ("/node-list/details/cap", test_details_cap);
  ADD ("/node-list/sort/by-metric", test_sort_by_metric);
  ADD ("/node-list/sort/keeps-expansion", test_sort_keeps_expansion);
  ADD ("/node-list/filter/text", test_filter_text);
  ADD ("/node-list/filter/find-action", test_find_action);
  ADD ("/node-list/filter/cached-only-fixture", test_hide_cached_only_fixture);
  g_test_add_func ("/node-list/filter/cached-only-made", test_hide_cached_only_made);
  ADD ("/node-list/selection/follows-session", test_selection_follows_session);

#undef ADD

  return g_test_run ();
}
