/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the timeline tells in words: the tooltip of a bar, the queue band
 * or an idle gap, and the accessible description of the selected row. */
#include "hp-timeline-view-private.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hp-config.h"
#include "hp-time-format.h"

/* ---- accessible --------------------------------------------------------- */

void
_hp_timeline_view_update_accessible (HpTimelineView *self)
{
  g_autofree char *text = NULL;
  int row = _hp_timeline_view_selected_row (self);

  if (!_hp_timeline_view_has_chart (self))
    text = g_strdup (hp_timeline_view_get_empty_message (self));
  else if (row >= 0)
    {
      const HpTimelineRow *r = hp_timeline_get_row (self->timeline, row);
      const HpTimelineBar *bar = hp_timeline_get_bar (self->timeline, r->first_bar);
      g_autofree char *start = hp_format_duration_us ((double) bar->start_us);
      g_autofree char *took = hp_format_duration_us ((double) (bar->end_us - bar->start_us));

      /* Translators: a row of the run timeline: the node, when it started, how long it took */
      text = g_strdup_printf (_("Row %d of %u: %s, starts at %s, took %s"),
                              row + 1, hp_timeline_get_n_rows (self->timeline), r->label, start, took);
    }
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node; none selected",
                                         "%u nodes; none selected", hp_timeline_get_n_rows (self->timeline)),
                            hp_timeline_get_n_rows (self->timeline));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

/* ---- tooltip ------------------------------------------------------------ */

static char *
bar_tooltip (HpTimelineView *self,
             guint           index)
{
  const HpTimelineBar *bar = hp_timeline_get_bar (self->timeline, index);
  const HpTimelineRow *row = hp_timeline_get_row (self->timeline, bar->row);
  g_autofree char *title = g_markup_escape_text (row->label, -1);
  g_autofree char *start = hp_format_duration_us ((double) bar->start_us);
  g_autofree char *took = hp_format_duration_us ((double) (bar->end_us - bar->start_us));
  double share = hp_timeline_get_share (self->timeline, index);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "<b>%s</b>\n", title);
  if (bar->status == HP_NODE_STATUS_CACHED)
    {
      /* Translators: a cached node in the run timeline; %s is a time like "0.35 s" */
      g_string_append_printf (text, _("Cached at %s"), start);
      return g_string_free (text, FALSE);
    }
  /* Translators: when a node started (from the run's start) and how long it took */
  g_string_append_printf (text, _("Starts at %s · took %s"), start, took);
  if (!isnan (share))
    {
      g_string_append_c (text, '\n');
      /* Translators: the share of the run's time a node took, e.g. "29.1 % of the run" */
      g_string_append_printf (text, _("%.1f %% of the run"), share * 100);
    }
  if (bar->status == HP_NODE_STATUS_FAILED)
    {
      const char *error = hp_node_run_get_error (bar->node_run);
      g_autofree char *escaped = error != NULL ? g_markup_escape_text (error, -1) : NULL;

      g_string_append_c (text, '\n');
      if (escaped != NULL)
        g_string_append_printf (text, _("Failed: %s"), escaped);
      else
        g_string_append (text, _("Failed"));
    }
  return g_string_free (text, FALSE);
}

/* The queue band or an idle gap under @x, if any. */
static char *
span_tooltip (HpTimelineView *self,
              double          plot_x)
{
  double t = hp_timeline_axis_to_time (&self->axis, plot_x);
  gint64 queue = hp_timeline_get_queue_us (self->timeline);

  if (queue > 0 && t >= -queue && t < 0)
    {
      g_autofree char *d = hp_format_duration_us ((double) queue);

      return g_strdup_printf (_("Queued for %s before the run started"), d);
    }
  for (guint i = 0; i < hp_timeline_get_n_gaps (self->timeline); i++)
    {
      const HpTimelineSpan *gap = hp_timeline_get_gap (self->timeline, i);

      if (t >= gap->start_us && t < gap->end_us)
        {
          g_autofree char *d = hp_format_duration_us ((double) (gap->end_us - gap->start_us));

          return g_strdup_printf (_("Idle for %s: no node was running"), d);
        }
    }
  return NULL;
}

gboolean
_hp_timeline_view_query_tooltip (HpTimelineView *self,
                  int             x,
                  int             y,
                  gboolean        keyboard,
                  GtkTooltip     *tooltip)
{
  g_autofree char *markup = NULL;
  graphene_rect_t area;
  int row, bar;

  if (!_hp_timeline_view_has_chart (self))
    return FALSE;
  if (keyboard)
    {
      row = _hp_timeline_view_selected_row (self);
      bar = row >= 0 ? (int) hp_timeline_get_row (self->timeline, row)->first_bar : -1;
    }
  else
    _hp_timeline_view_hit (self, x, y, &row, &bar);

  if (bar >= 0 && hp_timeline_view_get_bar_area (self, bar, &area))
    {
      markup = bar_tooltip (self, bar);
      gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) floor (area.origin.x) - 4,
                                                           (int) floor (area.origin.y),
                                                           (int) ceil (area.size.width) + 8,
                                                           (int) ceil (area.size.height) });
    }
  else if (!keyboard && y >= HP_TIMELINE_HEADER_HEIGHT && x >= _hp_timeline_view_gutter_width (self))
    {
      g_autofree char *text = span_tooltip (self, x - _hp_timeline_view_gutter_width (self));

      markup = text != NULL ? g_markup_escape_text (text, -1) : NULL;
    }
  if (markup == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}
