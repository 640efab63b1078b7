/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The accessibility pass, checked headless under Xvfb: every control a
 * user can reach has a name an assistive technology can read, the
 * actions have keys, and Tab walks the window in reading order.
 *
 * GTK 4.8 has no public getter for the name it computes, so
 * accessible_name() below re-derives it the way GTK does, from what the
 * test accessibility backend stores (gtktestatcontext.h): the "label"
 * property, the "labelled-by" relation (whose targets are named in
 * turn), a GtkLabel's text, and two cases GTK and libadwaita name from
 * content. The tests share one window and run in order. */
#include <adwaita.h>

#include "hp-application.h"
#include "hp-graph-canvas.h"
#include "hp-node-details.h"
#include "hp-node-list.h"
#include "hp-node-row.h"
#include "hp-preferences-window.h"
#include "hp-sparkline.h"
#include "hp-test-utils.h"
#include "hp-window.h"

static HpApplication *app;
static HpWindow *window;

/* ---- names ------------------------------------------------------------- */

/* Every widget of every toplevel, so that a pointer printed in a relation
 * can be looked up without trusting it. */
static void
add_tree (GHashTable *set,
          GtkWidget  *widget)
{
  g_hash_table_add (set, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    add_tree (set, child);
}

static GHashTable *
all_widgets (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GHashTable *set = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      add_tree (set, toplevel);
    }
  return set;
}

/* The value of a string property, "" when it is unset or empty. */
static char *
string_property (GtkWidget             *widget,
                 GtkAccessibleProperty  property)
{
  char *value;

  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), property))
    return g_strdup ("");
  /* NULL when it equals "", else the value as text. */
  value = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), property, "");
  return value != NULL ? value : g_strdup ("");
}

/* The text of the visible labels below @widget, joined by spaces. */
static void
append_label_text (GtkWidget *widget,
                   GString   *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child) && *gtk_label_get_text (GTK_LABEL (child)) != '\0')
        {
          if (text->len > 0)
            g_string_append_c (text, ' ');
          g_string_append (text, gtk_label_get_text (GTK_LABEL (child)));
        }
      append_label_text (child, text);
    }
}

static char *accessible_name_at (GtkWidget  *widget,
                                 GHashTable *widgets,
                                 guint       depth);

/* The names of the widgets a "labelled-by" relation points to, joined by
 * spaces. The test backend prints a reference list as "Type<0xADDR> …";
 * an address is used only when it is one of the live widgets. */
static char *
labelled_by_name (GtkWidget  *widget,
                  GHashTable *widgets,
                  guint       depth)
{
  g_autofree char *refs = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  const char *p;

  if (!gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                         GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return g_strdup ("");
  /* Compared with an empty list, it returns the real list as text. */
  refs = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget),
                                             GTK_ACCESSIBLE_RELATION_LABELLED_BY, NULL);
  for (p = refs != NULL ? strstr (refs, "<0x") : NULL; p != NULL; p = strstr (p + 1, "<0x"))
    {
      gpointer target = GSIZE_TO_POINTER ((gsize) g_ascii_strtoull (p + 3, NULL, 16));
      g_autofree char *part = NULL;

      if (target == widget || !g_hash_table_contains (widgets, target))
        continue;
      part = accessible_name_at (target, widgets, depth + 1);
      if (*part == '\0')
        continue;
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, part);
    }
  return g_strdup (name->str);
}

static char *
accessible_name_at (GtkWidget  *widget,
                    GHashTable *widgets,
                    guint       depth)
{
  char *name;

  /* Relations can point back and forth (a drop-down's inner button is
   * named by the drop-down, which is named by its label). */
  if (depth > 8)
    return g_strdup ("");

  /* As GTK does: the relation first, then the property. */
  name = labelled_by_name (widget, widgets, depth);
  if (*name != '\0')
    return name;
  g_free (name);
  name = string_property (widget, GTK_ACCESSIBLE_PROPERTY_LABEL);
  if (*name != '\0')
    return name;
  g_free (name);

  if (GTK_IS_LABEL (widget))
    return g_strdup (gtk_label_get_text (GTK_LABEL (widget)));
  /* A labelled-by target that is a preferences row reads its title. */
  if (ADW_IS_PREFERENCES_ROW (widget))
    return g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  /* GTK 4.8 has no API to label the item widget a list view wraps around
   * each row (gtk_list_item_set_accessible_label is 4.12); the row
   * inside it speaks for it, or else its text does, which is what a
   * screen reader reads for an item without a name. */
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget") &&
      gtk_widget_get_first_child (widget) != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      name = accessible_name_at (gtk_widget_get_first_child (widget), widgets, depth + 1);
      if (*name != '\0')
        return name;
      g_free (name);
      append_label_text (widget, text);
      return g_strdup (text->str);
    }
  return g_strdup ("");
}

static char *
accessible_name (GtkWidget *widget)
{
  g_autoptr(GHashTable) widgets = all_widgets ();

  return accessible_name_at (widget, widgets, 0);
}

/* ---- walking the tree --------------------------------------------------- */

/* Roles a user operates, so a screen reader must be able to name them. */
static gboolean
is_interactive (GtkWidget *widget)
{
  switch ((int) gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)))
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_RADIO:
    case GTK_ACCESSIBLE_ROLE_SWITCH:
    case GTK_ACCESSIBLE_ROLE_COMBO_BOX:
    case GTK_ACCESSIBLE_ROLE_SPIN_BUTTON:
    case GTK_ACCESSIBLE_ROLE_SLIDER:
    case GTK_ACCESSIBLE_ROLE_SEARCH_BOX:
    case GTK_ACCESSIBLE_ROLE_TEXT_BOX:
    case GTK_ACCESSIBLE_ROLE_LINK:
    case GTK_ACCESSIBLE_ROLE_TAB:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO:
    case GTK_ACCESSIBLE_ROLE_LIST:
    case GTK_ACCESSIBLE_ROLE_LIST_BOX:
    case GTK_ACCESSIBLE_ROLE_TREE:
    case GTK_ACCESSIBLE_ROLE_TREE_GRID:
    case GTK_ACCESSIBLE_ROLE_GRID:
      return TRUE;
    case GTK_ACCESSIBLE_ROLE_LIST_ITEM:
    case GTK_ACCESSIBLE_ROLE_IMG:
      return gtk_widget_get_focusable (widget);
    default:
      return FALSE;
    }
}

static gboolean
hidden_from_at (GtkWidget *widget)
{
  g_autofree char *mismatch = NULL;   /* (transfer full), found by LeakSanitizer */

  if (!gtk_test_accessible_has_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN))
    return FALSE;
  mismatch = gtk_test_accessible_check_state (GTK_ACCESSIBLE (widget),
                                              GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);
  return mismatch == NULL;
}

static char *
describe (GtkWidget *widget,
          GtkWidget *root)
{
  g_autoptr(GString) path = g_string_new (NULL);
  g_autofree char *role = g_enum_to_string (GTK_TYPE_ACCESSIBLE_ROLE,
                                            gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)));

  for (GtkWidget *w = widget; w != NULL && w != root; w = gtk_widget_get_parent (w))
    {
      const char *name = gtk_widget_get_name (w);

      /* Our classes and named widgets are the landmarks worth printing. */
      if (g_str_has_prefix (G_OBJECT_TYPE_NAME (w), "Hp") || w == widget ||
          !g_str_equal (name, G_OBJECT_TYPE_NAME (w)))
        {
          g_string_prepend (path, " > ");
          if (!g_str_equal (name, G_OBJECT_TYPE_NAME (w)))
            {
              g_string_prepend (path, name);
              g_string_prepend_c (path, '#');
            }
          g_string_prepend (path, G_OBJECT_TYPE_NAME (w));
        }
    }
  g_string_truncate (path, path->len >= 3 ? path->len - 3 : 0);
  g_string_append_printf (path, " [%s]", role + strlen ("GTK_ACCESSIBLE_ROLE_"));
  if (GTK_IS_ACTIONABLE (widget) && gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) != NULL)
    g_string_append_printf (path, " action %s", gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)));
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    g_string_append_printf (path, " tooltip “%s”", gtk_widget_get_tooltip_text (widget));
  return g_strdup (path->str);
}

typedef struct
{
  GtkWidget *root;
  GString   *unnamed;
  guint      n_checked;
} Walk;

/* What the user can reach now: visible widgets, not inside a hidden
 * stack page, an unrevealed revealer or a closed popover. */
static void
walk (GtkWidget *widget,
      Walk      *w)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget) ||
      hidden_from_at (widget))
    return;

  if (is_interactive (widget))
    {
      g_autofree char *name = accessible_name (widget);
      g_autofree char *where = describe (widget, w->root);

      w->n_checked++;
      if (*name == '\0')
        {
          g_autofree char *refs = NULL;

          if (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                                GTK_ACCESSIBLE_RELATION_LABELLED_BY))
            refs = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget),
                                                       GTK_ACCESSIBLE_RELATION_LABELLED_BY, NULL);
          g_string_append_printf (w->unnamed, "\n  %s", where);
          if (refs != NULL)
            g_string_append_printf (w->unnamed, ", labelled by %s (no name)", refs);
        }
      else
        g_test_message ("%s: “%s”", where, name);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk (child, w);
}

/* Fails the test, listing them all, when a reachable control has no name;
 * returns how many controls were checked. */
static guint
assert_all_named (GtkWidget *root)
{
  Walk w = { root, g_string_new (NULL), 0 };
  g_autofree char *unnamed = NULL;

  walk (root, &w);
  unnamed = g_string_free (w.unnamed, FALSE);
  if (*unnamed != '\0')
    g_test_message ("controls without an accessible name:%s", unnamed);
  g_assert_cmpstr (unnamed, ==, "");
  return w.n_checked;
}

/* ---- helpers ------------------------------------------------------------ */

static gboolean
status_page_gone (gpointer data)
{
  g_autoptr(GPtrArray) pages = hp_test_collect_widgets (GTK_WIDGET (data), ADW_TYPE_STATUS_PAGE);

  return pages->len == 1 && !gtk_widget_get_mapped (g_ptr_array_index (pages, 0));
}

static GtkStack *
side_stack (void)
{
  g_autoptr(GPtrArray) switchers = hp_test_collect_widgets (GTK_WIDGET (window),
                                                            GTK_TYPE_STACK_SWITCHER);
  GtkStack *found = NULL;

  /* Two switchers: the lower panel's (Nodes, …) and the side panel's,
   * which is the one with the Bottlenecks page. */
  g_assert_cmpuint (switchers->len, ==, 2);
  for (guint i = 0; i < switchers->len; i++)
    {
      GtkStack *stack = gtk_stack_switcher_get_stack (g_ptr_array_index (switchers, i));

      if (gtk_stack_get_child_by_name (stack, "bottlenecks") != NULL)
        found = stack;
    }
  g_assert_nonnull (found);
  return found;
}

static gboolean
details_mapped (gpointer data)
{
  g_autoptr(GPtrArray) details = hp_test_collect_widgets (GTK_WIDGET (data), HP_TYPE_NODE_DETAILS);

  for (guint i = 0; i < details->len; i++)
    if (gtk_widget_get_mapped (g_ptr_array_index (details, i)))
      return TRUE;
  return FALSE;
}

/* The first widget of @type below @root, depth first. */
static GtkWidget *
first_widget (GtkWidget *root,
              GType      type)
{
  g_autoptr(GPtrArray) found = hp_test_collect_widgets (root, type);

  g_assert_cmpuint (found->len, >, 0);
  return g_ptr_array_index (found, 0);
}

static char *
property_of (GtkWidget             *widget,
             GtkAccessibleProperty  property)
{
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), property));
  return string_property (widget, property);
}

/* ---- names of every control -------------------------------------------- */

static void
test_names_empty_window (void)
{
  window = hp_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  hp_test_wait_for (hp_test_widget_mapped, window);
  hp_test_settle ();

  /* Status page: Open, Open the Demo; header: Open, Main Menu, window
   * controls. */
  g_assert_cmpuint (assert_all_named (GTK_WIDGET (window)), >=, 5);
}

static void
test_names_document (void)
{
  g_autoptr(GFile) file = hp_test_fixture_file ("cli-small.hotpath");
  GtkWidget *search_entry;

  hp_window_open_file (window, file);
  hp_test_wait_for (hp_test_window_has_profile, window);
  hp_test_wait_for (status_page_gone, window);
  hp_test_settle ();

  /* The Bottlenecks page is the first side page. */
  assert_all_named (GTK_WIDGET (window));

  /* The filter bar, opened as Ctrl+F opens it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  search_entry = hp_test_get_named (GTK_WIDGET (window), "search-entry");
  hp_test_wait_for (hp_test_widget_mapped, search_entry);
  {
    g_autofree char *name = accessible_name (search_entry);

    g_assert_cmpstr (name, ==, "Node filter");
  }
  assert_all_named (GTK_WIDGET (window));
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (gtk_widget_get_ancestor (search_entry,
                                                                           GTK_TYPE_SEARCH_BAR)),
                                  FALSE);
  hp_test_settle ();
}

static void
test_names_icon_buttons (void)
{
  /* Icon-only buttons are named by their accessibility label, not by
   * their tooltip (GTK 4.8 reads a tooltip as the description). */
  static const struct { const char *action; const char *name; } buttons[] = {
    { "win.open", "Open a Profile" },
    { "win.zoom-out", "Zoom Out" },
    { "win.zoom-fit", "Zoom to Fit" },
    { "win.zoom-in", "Zoom In" },
  };
  g_autoptr(GPtrArray) all = hp_test_collect_widgets (GTK_WIDGET (window), GTK_TYPE_BUTTON);
  g_autoptr(GPtrArray) menu_buttons = hp_test_collect_widgets (GTK_WIDGET (window),
                                                               GTK_TYPE_MENU_BUTTON);
  g_autofree char *menu_name = NULL;

  for (guint b = 0; b < G_N_ELEMENTS (buttons); b++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < all->len; i++)
        {
          GtkWidget *button = g_ptr_array_index (all, i);
          g_autofree char *name = NULL;

          /* The status page's text button shares win.open. */
          if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)),
                         buttons[b].action) != 0 ||
              gtk_button_get_icon_name (GTK_BUTTON (button)) == NULL)
            continue;
          name = accessible_name (button);
          g_assert_cmpstr (name, ==, buttons[b].name);
          found = TRUE;
        }
      g_assert_true (found);
    }

  /* The connection indicator's menu button is hidden while not connected
   * (test-live checks its name). */
  for (guint i = menu_buttons->len; i > 0; i--)
    if (!gtk_widget_is_visible (g_ptr_array_index (menu_buttons, i - 1)))
      g_ptr_array_remove_index (menu_buttons, i - 1);
  g_assert_cmpuint (menu_buttons->len, ==, 1);
  menu_name = accessible_name (g_ptr_array_index (menu_buttons, 0));
  g_assert_cmpstr (menu_name, ==, "Main Menu");
}

static void
test_names_drop_downs (void)
{
  g_autoptr(GPtrArray) drop_downs = hp_test_collect_widgets (GTK_WIDGET (window),
                                                             GTK_TYPE_DROP_DOWN);

  /* Sort by (node list), Rank by (Bottlenecks), Buckets (Trends) and
   * the run to compare with (Compare). */
  g_assert_cmpuint (drop_downs->len, ==, 4);
  for (guint i = 0; i < drop_downs->len; i++)
    {
      GtkWidget *drop_down = g_ptr_array_index (drop_downs, i);
      GtkWidget *inner = gtk_widget_get_first_child (drop_down);
      g_autofree char *name = accessible_name (drop_down);
      g_autofree char *inner_name = NULL;

      /* Labelled by the visible label (its mnemonic), underline gone. */
      g_assert_true (g_str_equal (name, "Sort by") || g_str_equal (name, "Rank by") ||
                     g_str_equal (name, "Buckets") || g_str_equal (name, "Run to compare with"));
      /* The inner button that takes the focus says the same. */
      g_assert_true (GTK_IS_TOGGLE_BUTTON (inner));
      inner_name = accessible_name (inner);
      g_assert_cmpstr (inner_name, ==, name);
    }
}

static void
test_names_side_pages (void)
{
  static const char *pages[] = { "bottlenecks", "runs", "compare" };
  GtkStack *stack = side_stack ();

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (stack, pages[i]);

      gtk_stack_set_visible_child_name (stack, pages[i]);
      hp_test_wait_for (hp_test_widget_mapped, page);
      hp_test_settle ();
      g_test_message ("side page %s", pages[i]);
      g_assert_cmpuint (assert_all_named (page), >, 0);
    }
  assert_all_named (GTK_WIDGET (window));
  gtk_stack_set_visible_child_name (stack, "bottlenecks");
  hp_test_settle ();
}

static void
test_names_expanded_node (void)
{
  GListModel *model = G_LIST_MODEL (hp_window_get_node_selection (window));
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, 0);

  gtk_tree_list_row_set_expanded (row, TRUE);
  hp_test_wait_for (details_mapped, window);
  hp_test_settle ();
  assert_all_named (GTK_WIDGET (window));
  gtk_tree_list_row_set_expanded (row, FALSE);
  hp_test_settle ();
}

static void
test_names_preferences (void)
{
  GtkWindow *prefs;
  g_autoptr(GPtrArray) spins = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = hp_test_find_toplevel (HP_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  hp_test_wait_for (hp_test_widget_mapped, prefs);
  hp_test_settle ();

  /* 5 spin buttons, the combo row, Reset and the lists of the groups. */
  g_assert_cmpuint (assert_all_named (GTK_WIDGET (prefs)), >=, 7);

  /* Each spin button reads the title of its row. */
  spins = hp_test_collect_widgets (GTK_WIDGET (prefs), GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpuint (spins->len, ==, 5);
  {
    g_autofree char *name = accessible_name (hp_test_get_named (GTK_WIDGET (prefs), "threshold-spin"));

    g_assert_cmpstr (name, ==, "Threshold");
  }
  gtk_window_destroy (prefs);
  hp_test_settle ();
}

/* ---- drawn widgets say their value -------------------------------------- */

static void
test_drawn_values (void)
{
  g_autoptr(GPtrArray) rows = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_NODE_ROW);
  GtkWidget *canvas = first_widget (GTK_WIDGET (window), HP_TYPE_GRAPH_CANVAS);
  g_autofree char *canvas_name = accessible_name (canvas);
  g_autofree char *canvas_description = property_of (canvas, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  GtkWidget *sample = NULL;

  /* The canvas: an image one can focus, named and described. */
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (canvas), GTK_ACCESSIBLE_ROLE_IMG));
  g_assert_true (gtk_widget_get_focusable (canvas));
  g_assert_cmpstr (canvas_name, ==, "Workflow graph");
  g_assert_cmpstr (canvas_description, !=, "");

  for (guint i = 0; i < rows->len; i++)
    {
      HpNodeRow *row = g_ptr_array_index (rows, i);
      HpNodeStats *stats = hp_node_row_get_stats (row);

      if (stats != NULL && g_strcmp0 (hp_node_stats_get_title (stats), "Sample") == 0)
        sample = GTK_WIDGET (row);
    }
  g_assert_nonnull (sample);

  {
    GtkWidget *sparkline = first_widget (sample, HP_TYPE_SPARKLINE);
    GtkWidget *bar = first_widget (sample, GTK_TYPE_LEVEL_BAR);
    g_autofree char *row_name = accessible_name (sample);
    g_autofree char *expander_name = accessible_name (gtk_widget_get_parent (sample));
    g_autofree char *sparkline_name = accessible_name (sparkline);
    g_autofree char *bar_name = accessible_name (bar);
    g_autofree char *bar_value = property_of (bar, GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT);
    const char *share = hp_test_label_text (sample, "share-label");
    g_autofree char *expected = NULL;

    /* Sample in cli-small.hotpath: r1 1800 ms, r2 1900 ms, r3 failed,
     * r4 2400 ms (cached 0, failed 1, 3 executed runs).
     *   mean (1800 + 1900 + 2400) / 3 = 2033.3 ms → "2.03 s"
     *   last 2400 ms → "2.40 s"
     *   p95 over 1800, 1900, 2400: h = (3 − 1) × 0.95 = 1.9,
     *     1900 + 0.9 × (2400 − 1900) = 2350 ms → "2.35 s"
     *   share, by the means: of 2033.3 + 1000 (Load) + 200 (Save)
     *     = 3233.3 ms, 2033.3 / 3233.3 = 62.9 % ≥ 20 % → high;
     *   or, once the side panels have selected the latest run r4: of
     *     2400 + 0 (Load cached) + 200 (Save) = 2600 ms,
     *     2400 / 2600 = 92.3 % → high */
    g_assert_true (g_str_equal (share, "62.9 % · high") || g_str_equal (share, "92.3 % · high"));
    expected = g_strdup_printf ("Sample, Sampler: %s; mean 2.03 s, last 2.40 s · p95 2.35 s; "
                                "3 runs, 0 cached · 1 failed", share);
    g_assert_cmpstr (row_name, ==, expected);
    /* The focusable expander around the row reads the row. */
    g_assert_true (GTK_IS_TREE_EXPANDER (gtk_widget_get_parent (sample)));
    g_assert_cmpstr (expander_name, ==, row_name);
    /* Last three durations, 1800, 1900, 2400 ms: smallest and largest. */
    g_assert_cmpstr (sparkline_name, ==, "Last 3 durations, from 1.80 s to 2.40 s");
    g_assert_cmpstr (bar_name, ==, "Share of time");
    g_assert_cmpstr (bar_value, ==, share);
  }
}

/* ---- keyboard ----------------------------------------------------------- */

/* The action a key of @widget's class shortcuts runs, or NULL. */
static const char *
class_shortcut_action (GtkWidget  *widget,
                       const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint key = 0;
  GdkModifierType mods = 0;

  g_assert_true (gtk_accelerator_parse (accel, &key, &mods));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == key &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods &&
              GTK_IS_NAMED_ACTION (action))
            return gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
        }
    }
  return NULL;
}

static void
assert_mnemonics (GMenuModel *menu,
                  guint      *n_items)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (section != NULL)
        {
          assert_mnemonics (section, n_items);
          continue;
        }
      /* A submenu's own items are reached with the arrow keys once it is
       * open; its entry in this menu has a mnemonic like the others. */
      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_test_message ("menu item “%s”", label);
      g_assert_nonnull (strchr (label, '_'));
      (*n_items)++;
    }
}

static void
test_keyboard_shortcuts (void)
{
  g_autoptr(GPtrArray) menu_buttons = hp_test_collect_widgets (GTK_WIDGET (window),
                                                               GTK_TYPE_MENU_BUTTON);
  guint n_items = 0;

  /* Application accelerators. */
  hp_test_assert_accel (GTK_APPLICATION (app), "<Control>o", "win.open");
  hp_test_assert_accel (GTK_APPLICATION (app), "<Control>s", "win.save");
  hp_test_assert_accel (GTK_APPLICATION (app), "<Shift><Control>s", "win.save-as");
  hp_test_assert_accel (GTK_APPLICATION (app), "<Control>comma", "app.preferences");
  hp_test_assert_accel (GTK_APPLICATION (app), "<Control>l", "win.connect");

  /* Keys of the window, wherever the focus is in it. */
  g_assert_cmpstr (class_shortcut_action (GTK_WIDGET (window), "<Control>f"), ==, "win.find");
  g_assert_cmpstr (class_shortcut_action (GTK_WIDGET (window), "<Control>plus"), ==, "win.zoom-in");
  g_assert_cmpstr (class_shortcut_action (GTK_WIDGET (window), "<Control>equal"), ==, "win.zoom-in");
  g_assert_cmpstr (class_shortcut_action (GTK_WIDGET (window), "<Control>minus"), ==, "win.zoom-out");
  g_assert_cmpstr (class_shortcut_action (GTK_WIDGET (window), "<Control>0"), ==, "win.zoom-fit");

  /* Every entry of the main menu has a mnemonic: New Window, Open, Open
   * the Demo, Connect to Server, Save, Save As, Export, Clear History,
   * Preferences, Keyboard Shortcuts, About = 11. (The connection
   * indicator's menu button has a popover, not a menu.) */
  for (guint i = menu_buttons->len; i > 0; i--)
    if (gtk_menu_button_get_menu_model (g_ptr_array_index (menu_buttons, i - 1)) == NULL)
      g_ptr_array_remove_index (menu_buttons, i - 1);
  g_assert_cmpuint (menu_buttons->len, ==, 1);
  assert_mnemonics (gtk_menu_button_get_menu_model (g_ptr_array_index (menu_buttons, 0)), &n_items);
  g_assert_cmpuint (n_items, ==, 11);
}

typedef enum {
  REGION_NONE,
  REGION_HEADER,
  REGION_GRAPH,
  REGION_NODE_LIST,
  REGION_SIDE,
} Region;

static const char *region_names[] = { "elsewhere", "header", "graph", "node list", "side panel" };

static Region
region_of (GtkWidget *focus,
           GtkWidget *header,
           GtkWidget *graph,
           GtkWidget *node_list,
           GtkWidget *side)
{
  if (focus == NULL)
    return REGION_NONE;
  if (focus == header || gtk_widget_is_ancestor (focus, header))
    return REGION_HEADER;
  if (focus == graph || gtk_widget_is_ancestor (focus, graph))
    return REGION_GRAPH;
  if (gtk_widget_is_ancestor (focus, node_list))
    return REGION_NODE_LIST;
  if (gtk_widget_is_ancestor (focus, side))
    return REGION_SIDE;
  return REGION_NONE;
}

static void
test_focus_order (void)
{
  g_autoptr(GPtrArray) headers = hp_test_collect_widgets (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  g_autoptr(GPtrArray) canvases = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_GRAPH_CANVAS);
  g_autoptr(GPtrArray) lists = hp_test_collect_widgets (GTK_WIDGET (window), HP_TYPE_NODE_LIST);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (Region));
  g_autoptr(GString) trail = g_string_new (NULL);
  GtkWidget *header, *canvas, *graph, *node_list, *side;
  GtkWidget *first = NULL;
  gboolean canvas_seen = FALSE, node_row_seen = FALSE, bottleneck_row_seen = FALSE;
  static const Region expected[] = { REGION_HEADER, REGION_GRAPH, REGION_NODE_LIST, REGION_SIDE };

  g_assert_cmpuint (headers->len, ==, 1);
  g_assert_cmpuint (canvases->len, ==, 1);
  g_assert_cmpuint (lists->len, ==, 1);
  header = g_ptr_array_index (headers, 0);
  canvas = g_ptr_array_index (canvases, 0);
  graph = gtk_widget_get_parent (canvas);   /* the overlay with its buttons */
  /* The whole lower panel (its switcher and pages) is the list's region. */
  node_list = gtk_widget_get_parent (gtk_widget_get_parent (g_ptr_array_index (lists, 0)));
  side = gtk_widget_get_parent (GTK_WIDGET (side_stack ()));
  g_assert_true (GTK_IS_OVERLAY (graph));

  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  /* Tab from the start of the window once around, as GTK moves the focus
   * for the Tab key; stops when the focus comes back to where it began. */
  for (guint step = 0; step < 200; step++)
    {
      GtkWidget *focus;
      Region region;

      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      if (focus == first)
        break;
      if (first == NULL)
        first = focus;

      region = region_of (focus, header, graph, node_list, side);
      g_string_append_printf (trail, "\n  %s: %s", region_names[region], G_OBJECT_TYPE_NAME (focus));
      canvas_seen |= focus == canvas;
      node_row_seen |= GTK_IS_TREE_EXPANDER (focus) && gtk_widget_is_ancestor (focus, node_list);
      bottleneck_row_seen |= g_str_equal (G_OBJECT_TYPE_NAME (focus), "HpBottleneckRow");
      if (order->len == 0 || g_array_index (order, Region, order->len - 1) != region)
        g_array_append_val (order, region);
    }
  g_test_message ("Tab order:%s", trail->str);

  /* Each part once, in reading order: header, graph (its buttons and the
   * canvas), node list (its tool bar and rows), side panel. */
  g_assert_cmpmem (order->data, order->len * sizeof (Region), expected, sizeof expected);
  g_assert_true (canvas_seen);
  g_assert_true (node_row_seen);
  g_assert_true (bottleneck_row_seen);
}

static void
test_close (void)
{
  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;
  hp_test_settle ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The other widget tests run with GTK_A11Y=none (no accessibility bus);
   * this one needs GTK's test backend, which keeps what the widgets set
   * for gtk_test_accessible_*() to read and talks to no bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  app = hp_test_app_new ();

  g_test_add_func ("/a11y/names/empty-window", test_names_empty_window);
  g_test_add_func ("/a11y/names/document", test_names_document);
  g_test_add_func ("/a11y/names/icon-buttons", test_names_icon_buttons);
  g_test_add_func ("/a11y/names/drop-downs", test_names_drop_downs);
  g_test_add_func ("/a11y/names/side-pages", test_names_side_pages);
  g_test_add_func ("/a11y/names/expanded-node", test_names_expanded_node);
  g_test_add_func ("/a11y/names/preferences", test_names_preferences);
  g_test_add_func ("/a11y/values/drawn-widgets", test_drawn_values);
  g_test_add_func ("/a11y/keyboard/shortcuts", test_keyboard_shortcuts);
  g_test_add_func ("/a11y/keyboard/focus-order", test_focus_order);
  g_test_add_func ("/a11y/window/close", test_close);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
