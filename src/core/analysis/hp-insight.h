/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What an insight is about. The rules are in hp-insights.h and
 * docs/analysis.md. */
typedef enum {
  HP_INSIGHT_REGRESSION,
  HP_INSIGHT_DOMINANT_NODE,
  HP_INSIGHT_CACHE_DROP,
  HP_INSIGHT_ERROR_PRONE,
  HP_INSIGHT_RETRIES,
  HP_INSIGHT_TOKEN_HOT_SPOT,
  HP_INSIGHT_COST_HOT_SPOT,
  HP_INSIGHT_PARALLELIZATION,
  HP_INSIGHT_HIGH_VARIANCE,
} HpInsightKind;

typedef enum {
  HP_INSIGHT_SEVERITY_INFO,
  HP_INSIGHT_SEVERITY_LOW,
  HP_INSIGHT_SEVERITY_MEDIUM,
  HP_INSIGHT_SEVERITY_HIGH,
} HpInsightSeverity;

/* One number behind an insight. The name says the unit: "_ms" for
 * milliseconds, "_pct" for percent, "share"/"rate"/"cv"/"efficiency" for
 * fractions 0..1, plain counts otherwise. NaN when unknown. */
typedef struct {
  const char *name;   /* interned */
  double      value;
} HpInsightFigure;

/* One finding of the advisor: a kind, a severity, a sentence for people,
 * the nodes it concerns (none for the whole run) and its figures. */
#define HP_TYPE_INSIGHT (hp_insight_get_type ())
G_DECLARE_FINAL_TYPE (HpInsight, hp_insight, HP, INSIGHT, GObject)

/* Stable lowercase names for files and reports ("regression", "high"). */
const char            *hp_insight_kind_to_string     (HpInsightKind      kind);
const char            *hp_insight_severity_to_string (HpInsightSeverity  severity);

HpInsight             *hp_insight_new                (HpInsightKind      kind,
                                                      HpInsightSeverity  severity,
                                                      const char        *message);
void                   hp_insight_add_node           (HpInsight         *self,
                                                      const char        *node_id);
void                   hp_insight_add_figure         (HpInsight         *self,
                                                      const char        *name,
                                                      double             value);

HpInsightKind          hp_insight_get_kind           (HpInsight         *self);
HpInsightSeverity      hp_insight_get_severity       (HpInsight         *self);
const char            *hp_insight_get_message        (HpInsight         *self);
guint                  hp_insight_get_n_nodes        (HpInsight         *self);
const char            *hp_insight_get_node           (HpInsight         *self,
                                                      guint              i);
guint                  hp_insight_get_n_figures      (HpInsight         *self);
const HpInsightFigure *hp_insight_get_figure         (HpInsight         *self,
                                                      guint              i);
double                 hp_insight_lookup_figure      (HpInsight         *self,
                                                      const char        *name);
/* "kind:id,id" (ids sorted), "kind" for the whole run: what a dismissal
 * remembers, the same for the same finding in later runs. */
char                  *hp_insight_dup_key            (HpInsight         *self);

G_END_DECLS
