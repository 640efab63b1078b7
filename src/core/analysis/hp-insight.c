/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-insight.h"

#include <math.h>

#include "hp-bottlenecks.h"

struct _HpInsight
{
  GObject            parent_instance;
  HpInsightKind      kind;
  HpInsightSeverity  severity;
  char              *message;
  GPtrArray         *nodes;     /* interned ids */
  GArray            *figures;   /* of HpInsightFigure */
};

G_DEFINE_FINAL_TYPE (HpInsight, hp_insight, G_TYPE_OBJECT)

static const char * const kind_names[] = {
  [HP_INSIGHT_REGRESSION] = "regression",
  [HP_INSIGHT_DOMINANT_NODE] = "dominant_node",
  [HP_INSIGHT_CACHE_DROP] = "cache_drop",
  [HP_INSIGHT_ERROR_PRONE] = "error_prone",
  [HP_INSIGHT_RETRIES] = "retries",
  [HP_INSIGHT_TOKEN_HOT_SPOT] = "token_hot_spot",
  [HP_INSIGHT_COST_HOT_SPOT] = "cost_hot_spot",
  [HP_INSIGHT_PARALLELIZATION] = "parallelization",
  [HP_INSIGHT_HIGH_VARIANCE] = "high_variance",
};

static const char * const severity_names[] = {
  [HP_INSIGHT_SEVERITY_INFO] = "info",
  [HP_INSIGHT_SEVERITY_LOW] = "low",
  [HP_INSIGHT_SEVERITY_MEDIUM] = "medium",
  [HP_INSIGHT_SEVERITY_HIGH] = "high",
};

static void
hp_insight_finalize (GObject *object)
{
  HpInsight *self = HP_INSIGHT (object);

  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->figures, g_array_unref);

  G_OBJECT_CLASS (hp_insight_parent_class)->finalize (object);
}

static void
hp_insight_class_init (HpInsightClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hp_insight_finalize;
}

static void
hp_insight_init (HpInsight *self)
{
  self->nodes = g_ptr_array_new ();
  self->figures = g_array_new (FALSE, FALSE, sizeof (HpInsightFigure));
}

/**
 * hp_insight_kind_to_string:
 *
 * Returns: "regression", "dominant_node", "cache_drop", "error_prone",
 *   "retries", "token_hot_spot", "cost_hot_spot", "parallelization" or
 *   "high_variance"
 */
const char *
hp_insight_kind_to_string (HpInsightKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

/**
 * hp_insight_severity_to_string:
 *
 * Returns: "info", "low", "medium" or "high"
 */
const char *
hp_insight_severity_to_string (HpInsightSeverity severity)
{
  g_return_val_if_fail ((guint) severity < G_N_ELEMENTS (severity_names), NULL);
  return severity_names[severity];
}

/**
 * hp_insight_new:
 * @kind: what the insight is about
 * @severity: how much it matters
 * @message: one sentence for people
 *
 * Returns: (transfer full): an insight with no nodes and no figures yet
 */
HpInsight *
hp_insight_new (HpInsightKind      kind,
                HpInsightSeverity  severity,
                const char        *message)
{
  HpInsight *self;

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  g_return_val_if_fail ((guint) severity < G_N_ELEMENTS (severity_names), NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_object_new (HP_TYPE_INSIGHT, NULL);
  self->kind = kind;
  self->severity = severity;
  self->message = g_strdup (message);
  return self;
}

/**
 * hp_insight_add_node:
 * @node_id: a node the insight concerns
 *
 * Appends a node; the first one is the one to jump to.
 */
void
hp_insight_add_node (HpInsight  *self,
                     const char *node_id)
{
  g_return_if_fail (HP_IS_INSIGHT (self));
  g_return_if_fail (node_id != NULL);

  g_ptr_array_add (self->nodes, (gpointer) g_intern_string (node_id));
}

/**
 * hp_insight_add_figure:
 * @name: the figure's name, unit included ("delta_ms")
 * @value: its value, NaN when unknown
 */
void
hp_insight_add_figure (HpInsight  *self,
                       const char *name,
                       double      value)
{
  HpInsightFigure figure;

  g_return_if_fail (HP_IS_INSIGHT (self));
  g_return_if_fail (name != NULL);

  figure.name = g_intern_string (name);
  figure.value = value;
  g_array_append_val (self->figures, figure);
}

HpInsightKind
hp_insight_get_kind (HpInsight *self)
{
  g_return_val_if_fail (HP_IS_INSIGHT (self), HP_INSIGHT_REGRESSION);
  return self->kind;
}

HpInsightSeverity
hp_insight_get_severity (HpInsight *self)
{
  g_return_val_if_fail (HP_IS_INSIGHT (self), HP_INSIGHT_SEVERITY_INFO);
  return self->severity;
}

const char *
hp_insight_get_message (HpInsight *self)
{
  g_return_val_if_fail (HP_IS_INSIGHT (self), NULL);
  return self->message;
}

guint
hp_insight_get_n_nodes (HpInsight *self)
{
  g_return_val_if_fail (HP_IS_INSIGHT (self), 0);
  return self->nodes->len;
}

/**
 * hp_insight_get_node:
 * @i: a position below hp_insight_get_n_nodes()
 *
 * Returns: (transfer none): the interned id of the @i-th node
 */
const char *
hp_insight_get_node (HpInsight *self,
                     guint      i)
{
  g_return_val_if_fail (HP_IS_INSIGHT (self), NULL);
  g_return_val_if_fail (i < self->nodes->len, NULL);
  return g_ptr_array_index (self->nodes, i);
}

guint
hp_insight_get_n_figures (HpInsight *self)
{
  g_return_val_if_fail (HP_IS_INSIGHT (self), 0);
  return self->figures->len;
}

/**
 * hp_insight_get_figure:
 * @i: a position below hp_insight_get_n_figures(), in the order added
 *
 * Returns: (transfer none): the @i-th figure
 */
const HpInsightFigure *
hp_insight_get_figure (HpInsight *self,
                       guint      i)
{
  g_return_val_if_fail (HP_IS_INSIGHT (self), NULL);
  g_return_val_if_fail (i < self->figures->len, NULL);
  return &g_array_index (self->figures, HpInsightFigure, i);
}

/**
 * hp_insight_lookup_figure:
 * @name: a figure name
 *
 * Returns: that figure's value; NaN when the insight has no such figure
 */
double
hp_insight_lookup_figure (HpInsight  *self,
                          const char *name)
{
  g_return_val_if_fail (HP_IS_INSIGHT (self), NAN);
  g_return_val_if_fail (name != NULL, NAN);

  for (guint i = 0; i < self->figures->len; i++)
    {
      const HpInsightFigure *f = &g_array_index (self->figures, HpInsightFigure, i);

      if (g_strcmp0 (f->name, name) == 0)
        return f->value;
    }
  return NAN;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return hp_bottleneck_compare_node_ids (*(const char * const *) a, *(const char * const *) b);
}

/**
 * hp_insight_dup_key:
 * @self: an insight
 *
 * A stable name for what @self is about: its kind, then a colon and its
 * node ids in the bottleneck order (whole numbers as numbers), separated
 * by commas — "regression:3", "parallelization:2,5" — or the kind alone
 * for the whole run. The same finding in another run has the same key,
 * so a dismissal (hp_profile_set_dismissed_insight()) outlives the run.
 *
 * Returns: (transfer full): the key
 */
char *
hp_insight_dup_key (HpInsight *self)
{
  g_autoptr(GPtrArray) ids = NULL;
  GString *key;

  g_return_val_if_fail (HP_IS_INSIGHT (self), NULL);

  key = g_string_new (hp_insight_kind_to_string (self->kind));
  if (self->nodes->len == 0)
    return g_string_free (key, FALSE);

  ids = g_ptr_array_copy (self->nodes, NULL, NULL);
  g_ptr_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    {
      g_string_append_c (key, i == 0 ? ':' : ',');
      g_string_append (key, g_ptr_array_index (ids, i));
    }
  return g_string_free (key, FALSE);
}
