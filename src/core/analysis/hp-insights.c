/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-insights.h"

#include <math.h>
#include <glib/gi18n.h>

#include "hp-bottlenecks.h"
#include "hp-comparison.h"
#include "hp-critical-path.h"
#include "hp-time-format.h"

/**
 * hp_insight_options_init:
 * @options: (out caller-allocates): the options to fill
 *
 * Sets every limit to its default (see docs/analysis.md).
 */
void
hp_insight_options_init (HpInsightOptions *options)
{
  g_return_if_fail (options != NULL);

  options->threshold_pct = HP_REGRESSION_DEFAULT_THRESHOLD_PCT;
  options->noise_floor_us = HP_REGRESSION_DEFAULT_NOISE_FLOOR_US;
  options->dominant_share = 0.5;
  options->cache_drop_rate = 0.5;
  options->cache_drop_min_runs = 2;
  options->failure_rate = 0.2;
  options->min_runs = 5;
  options->variance_cv = 0.5;
  options->efficiency_below = 0.8;
  options->hot_spot_share = 0.5;
}

/* “Title” when the node has one, else “id”; for messages. */
static char *
quoted_node (HpProfile  *profile,
             const char *node_id)
{
  HpNodeStats *stats = hp_profile_lookup_node_stats (profile, node_id);
  const char *title = stats != NULL ? hp_node_stats_get_title (stats) : NULL;

  /* Translators: a node's title or id inside an insight message */
  return g_strdup_printf (C_("insight", "“%s”"), title != NULL && *title != '\0' ? title : node_id);
}

static double
ms (double us)
{
  return us / 1000.0;
}

static char *
signed_duration (double us)
{
  g_autofree char *magnitude = hp_format_duration_us (fabs (us));

  return g_strdup_printf ("%s%s", us < 0 ? "−" : "+", magnitude);
}

/* ---- regressions -------------------------------------------------------- */

static const HpReferenceKind reference_kinds[] = {
  HP_REFERENCE_PREVIOUS, HP_REFERENCE_MEAN, HP_REFERENCE_BASELINE,
};

static void
describe_reference (GString      *out,
                    HpComparison *comparison)
{
  HpRun *reference = hp_comparison_get_reference_run (comparison);

  switch (hp_comparison_get_kind (comparison))
    {
    case HP_REFERENCE_PREVIOUS:
      /* Translators: completes "The run took longer than …" or
       * "“Node” is slower than …"; %s is a run id */
      g_string_append_printf (out, _("the previous run %s"), hp_run_get_id (reference));
      break;
    case HP_REFERENCE_BASELINE:
      /* Translators: completes "The run took longer than …"; %s is a run id */
      g_string_append_printf (out, _("the baseline %s"), hp_run_get_id (reference));
      break;
    case HP_REFERENCE_MEAN:
    default:
      /* Translators: completes "The run took longer than …" */
      g_string_append (out, _("the historical mean"));
      break;
    }
}

/* One subject (@node_id, or the whole run when NULL) against every
 * reference; adds an insight when it regressed against any. */
static void
regression_for (GPtrArray              *insights,
                HpProfile              *profile,
                HpComparison          **comparisons,
                const char             *node_id,
                const HpInsightOptions *options)
{
  g_autoptr(GString) references = g_string_new (NULL);
  g_autofree char *message = NULL;
  g_autoptr(HpInsight) insight = NULL;
  double current[G_N_ELEMENTS (reference_kinds)];
  double reference[G_N_ELEMENTS (reference_kinds)];
  double delta[G_N_ELEMENTS (reference_kinds)];
  double pct[G_N_ELEMENTS (reference_kinds)];
  gboolean slower[G_N_ELEMENTS (reference_kinds)] = { FALSE };
  double current_us = NAN;
  double worst_pct = -INFINITY;
  guint n_slower = 0;
  guint said = 0;
  HpInsightSeverity severity;

  for (guint k = 0; k < G_N_ELEMENTS (reference_kinds); k++)
    {
      gboolean known;

      if (comparisons[k] == NULL)
        continue;
      if (node_id == NULL)
        {
          known = hp_comparison_get_total (comparisons[k], &current[k], &reference[k],
                                           &delta[k], &pct[k]);
        }
      else
        {
          const HpNodeDelta *d = hp_comparison_lookup_node (comparisons[k], node_id);

          known = d != NULL && d->has_delta;
          if (known)
            {
              current[k] = d->current_us;
              reference[k] = d->reference_us;
              delta[k] = d->delta_us;
              pct[k] = d->delta_pct;
            }
        }
      if (known &&
          hp_change_classify (delta[k], pct[k], options->threshold_pct,
                              options->noise_floor_us) == HP_CHANGE_SLOWER)
        {
          slower[k] = TRUE;
          current_us = current[k];
          worst_pct = MAX (worst_pct, pct[k]);
          n_slower++;
        }
    }
  if (n_slower == 0)
    return;

  for (guint k = 0; k < G_N_ELEMENTS (reference_kinds); k++)
    {
      g_autofree char *d = NULL;

      if (!slower[k])
        continue;
      if (said > 0)
        g_string_append (references, said + 1 == n_slower ?
                         /* Translators: between the last two references of a regression */
                         C_("insight", " and ") :
                         /* Translators: between references of a regression */
                         C_("insight", ", "));
      describe_reference (references, comparisons[k]);
      d = signed_duration (delta[k]);
      /* Translators: after a reference ("the previous run r2"): the
       * change in time (+1.2 s) and in percent (+25.0 %) */
      g_string_append_printf (references, C_("insight", " (%s, +%.1f %%)"), d, pct[k]);
      said++;
    }
  if (node_id == NULL)
    {
      /* Translators: %s lists references, "the previous run r2 (+1.2 s, +25.0 %)" */
      message = g_strdup_printf (_("The run took longer than %s"), references->str);
    }
  else
    {
      g_autofree char *name = quoted_node (profile, node_id);

      /* Translators: the first %s is a quoted node, the second lists
       * references, "the historical mean (+1.2 s, +25.0 %)" */
      message = g_strdup_printf (_("%s is slower than %s"), name, references->str);
    }

  /* Low below +50 %, medium from +50 %, high from +100 %; the whole run
   * is at least medium. */
  severity = worst_pct >= 100.0 ? HP_INSIGHT_SEVERITY_HIGH :
             worst_pct >= 50.0 ? HP_INSIGHT_SEVERITY_MEDIUM : HP_INSIGHT_SEVERITY_LOW;
  if (node_id == NULL)
    severity = MAX (severity, HP_INSIGHT_SEVERITY_MEDIUM);

  insight = hp_insight_new (HP_INSIGHT_REGRESSION, severity, message);
  if (node_id != NULL)
    hp_insight_add_node (insight, node_id);
  hp_insight_add_figure (insight, "current_ms", ms (current_us));
  for (guint k = 0; k < G_N_ELEMENTS (reference_kinds); k++)
    {
      const char *ref = hp_reference_kind_to_string (reference_kinds[k]);
      g_autofree char *name_ref = g_strdup_printf ("%s_ms", ref);
      g_autofree char *name_delta = g_strdup_printf ("%s_delta_ms", ref);
      g_autofree char *name_pct = g_strdup_printf ("%s_delta_pct", ref);

      if (!slower[k])
        continue;
      hp_insight_add_figure (insight, name_ref, ms (reference[k]));
      hp_insight_add_figure (insight, name_delta, ms (delta[k]));
      hp_insight_add_figure (insight, name_pct, pct[k]);
    }
  g_ptr_array_add (insights, g_steal_pointer (&insight));
}

static void
add_regressions (GPtrArray              *insights,
                 HpProfile              *profile,
                 HpRun                  *run,
                 const HpInsightOptions *options)
{
  HpComparison *comparisons[G_N_ELEMENTS (reference_kinds)];
  GListModel *node_stats = hp_profile_get_node_stats (profile);

  for (guint k = 0; k < G_N_ELEMENTS (reference_kinds); k++)
    comparisons[k] = hp_comparison_compute (profile, run, reference_kinds[k]);

  regression_for (insights, profile, comparisons, NULL, options);
  for (guint i = 0; i < g_list_model_get_n_items (node_stats); i++)
    {
      g_autoptr(HpNodeStats) stats = g_list_model_get_item (node_stats, i);

      regression_for (insights, profile, comparisons, hp_node_stats_get_node_id (stats), options);
    }

  for (guint k = 0; k < G_N_ELEMENTS (reference_kinds); k++)
    g_clear_pointer (&comparisons[k], hp_comparison_unref);
}

/* ---- a node that dominates the run -------------------------------------- */

static void
add_dominant_nodes (GPtrArray              *insights,
                    HpProfile              *profile,
                    HpRun                  *run,
                    const HpInsightOptions *options)
{
  g_autoptr(GArray) ranked = NULL;
  gint64 execution = hp_run_get_execution_us (run);
  double denominator = 0.0;

  /* With one executed node its share says nothing. */
  if (hp_run_count_nodes (run, HP_NODE_STATUS_COMPLETED) < 2)
    return;

  ranked = hp_bottlenecks_compute_for_run (profile, run, G_MAXUINT);
  for (guint i = 0; i < ranked->len; i++)
    denominator += g_array_index (ranked, HpBottleneck, i).value_us;
  if (execution != HP_TIME_UNKNOWN && execution > 0)
    denominator = (double) execution;

  for (guint i = 0; i < ranked->len; i++)
    {
      const HpBottleneck *b = &g_array_index (ranked, HpBottleneck, i);
      g_autoptr(HpInsight) insight = NULL;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      g_autofree char *total = NULL;
      g_autofree char *message = NULL;

      if (b->share < options->dominant_share)
        break;   /* ranked by duration, so by share too */
      name = quoted_node (profile, b->node_id);
      value = hp_format_duration_us (b->value_us);
      total = hp_format_duration_us (denominator);
      /* Translators: a quoted node, its share of the run in percent, its
       * duration and the run's duration */
      message = g_strdup_printf (_("%s took %.0f %% of the run (%s of %s)"),
                                 name, b->share * 100.0, value, total);
      insight = hp_insight_new (HP_INSIGHT_DOMINANT_NODE,
                                b->share >= 0.8 ? HP_INSIGHT_SEVERITY_MEDIUM : HP_INSIGHT_SEVERITY_LOW,
                                message);
      hp_insight_add_node (insight, b->node_id);
      hp_insight_add_figure (insight, "duration_ms", ms (b->value_us));
      hp_insight_add_figure (insight, "run_ms", ms (denominator));
      hp_insight_add_figure (insight, "share", b->share);
      g_ptr_array_add (insights, g_steal_pointer (&insight));
    }
}

/* ---- cache-rate drop ---------------------------------------------------- */

typedef struct {
  guint runs;
  guint cached;
} CacheCount;

static void
add_cache_drops (GPtrArray              *insights,
                 HpProfile              *profile,
                 HpRun                  *run,
                 const HpInsightOptions *options)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  int position = hp_profile_get_run_position (profile, run);
  GPtrArray *node_runs = hp_run_get_node_runs (run);

  for (int r = 0; r < position; r++)
    {
      GPtrArray *earlier = hp_run_get_node_runs (hp_profile_get_run (profile, (guint) r));

      for (guint i = 0; i < earlier->len; i++)
        {
          HpNodeRun *nr = g_ptr_array_index (earlier, i);
          const char *id = hp_node_run_get_node_id (nr);
          CacheCount *count = g_hash_table_lookup (counts, id);

          if (count == NULL)
            {
              count = g_new0 (CacheCount, 1);
              g_hash_table_insert (counts, (gpointer) id, count);
            }
          count->runs++;
          if (hp_node_run_get_status (nr) == HP_NODE_STATUS_CACHED)
            count->cached++;
        }
    }

  for (guint i = 0; i < node_runs->len; i++)
    {
      HpNodeRun *nr = g_ptr_array_index (node_runs, i);
      const char *id = hp_node_run_get_node_id (nr);
      HpNodeStatus status = hp_node_run_get_status (nr);
      CacheCount *count = g_hash_table_lookup (counts, id);
      g_autoptr(HpInsight) insight = NULL;
      g_autofree char *name = NULL;
      g_autofree char *took = NULL;
      g_autofree char *message = NULL;
      gint64 duration;
      double rate;

      if (status != HP_NODE_STATUS_COMPLETED && status != HP_NODE_STATUS_FAILED)
        continue;
      if (count == NULL || count->runs < options->cache_drop_min_runs)
        continue;
      rate = (double) count->cached / count->runs;
      if (!(rate > options->cache_drop_rate))
        continue;

      duration = hp_node_run_get_duration_us (nr);
      name = quoted_node (profile, id);
      took = duration != HP_TIME_UNKNOWN ? hp_format_duration_us ((double) duration) : NULL;
      if (took != NULL)
        /* Translators: a quoted node, how long it took, then how often it was
         * cached among the earlier runs ("in 3 of the 4 earlier runs") */
        message = g_strdup_printf (ngettext ("%s ran again (%s) although it was cached in %u of the %u earlier run",
                                             "%s ran again (%s) although it was cached in %u of the %u earlier runs",
                                             count->runs),
                                   name, took, count->cached, count->runs);
      else
        /* Translators: a quoted node, then how often it was cached among
         * the earlier runs ("in 3 of the 4 earlier runs") */
        message = g_strdup_printf (ngettext ("%s ran again although it was cached in %u of the %u earlier run",
                                             "%s ran again although it was cached in %u of the %u earlier runs",
                                             count->runs),
                                   name, count->cached, count->runs);
      /* Medium when the miss cost more than the noise floor. */
      insight = hp_insight_new (HP_INSIGHT_CACHE_DROP,
                                duration != HP_TIME_UNKNOWN && duration > options->noise_floor_us ?
                                HP_INSIGHT_SEVERITY_MEDIUM : HP_INSIGHT_SEVERITY_LOW,
                                message);
      hp_insight_add_node (insight, id);
      hp_insight_add_figure (insight, "duration_ms",
                             duration != HP_TIME_UNKNOWN ? ms ((double) duration) : NAN);
      hp_insight_add_figure (insight, "cached_rate", rate);
      hp_insight_add_figure (insight, "cached_runs", count->cached);
      hp_insight_add_figure (insight, "earlier_runs", count->runs);
      g_ptr_array_add (insights, g_steal_pointer (&insight));
    }
}

/* ---- error-prone nodes and high variance (whole history) ---------------- */

static void
add_history_rules (GPtrArray              *insights,
                   HpProfile              *profile,
                   const HpInsightOptions *options)
{
  GListModel *node_stats = hp_profile_get_node_stats (profile);

  for (guint i = 0; i < g_list_model_get_n_items (node_stats); i++)
    {
      g_autoptr(HpNodeStats) stats = g_list_model_get_item (node_stats, i);
      const char *id = hp_node_stats_get_node_id (stats);
      guint runs = hp_node_stats_get_run_count (stats);
      guint failed = hp_node_stats_get_failed_count (stats);
      guint executed = hp_node_stats_get_executed_count (stats);
      double mean = hp_node_stats_get_mean_us (stats);
      double stddev = hp_node_stats_get_stddev_us (stats);

      if (runs >= options->min_runs && runs > 0 &&
          (double) failed / runs >= options->failure_rate)
        {
          double rate = (double) failed / runs;
          g_autofree char *name = quoted_node (profile, id);
          /* Translators: a quoted node, failed runs, all runs, the failure rate in percent */
          g_autofree char *message = g_strdup_printf (ngettext ("%s failed in %u of %u run (%.0f %%)",
                                                                "%s failed in %u of %u runs (%.0f %%)",
                                                                runs),
                                                      name, failed, runs, rate * 100.0);
          g_autoptr(HpInsight) insight =
            hp_insight_new (HP_INSIGHT_ERROR_PRONE,
                            rate >= 0.5 ? HP_INSIGHT_SEVERITY_HIGH : HP_INSIGHT_SEVERITY_MEDIUM,
                            message);

          hp_insight_add_node (insight, id);
          hp_insight_add_figure (insight, "failure_rate", rate);
          hp_insight_add_figure (insight, "failed", failed);
          hp_insight_add_figure (insight, "runs", runs);
          g_ptr_array_add (insights, g_steal_pointer (&insight));
        }

      if (executed >= options->min_runs && executed > 0 && mean > 0 &&
          stddev / mean >= options->variance_cv && stddev >= options->noise_floor_us)
        {
          double cv = stddev / mean;
          g_autofree char *name = quoted_node (profile, id);
          g_autofree char *m = hp_format_duration_us (mean);
          g_autofree char *sd = hp_format_duration_us (stddev);
          g_autofree char *message =
            /* Translators: a quoted node, its mean and standard deviation
             * (durations), the coefficient of variation, the number of runs */
            g_strdup_printf (ngettext ("%s varies a lot: mean %s, standard deviation %s "
                                       "(coefficient of variation %.2f) over %u run",
                                       "%s varies a lot: mean %s, standard deviation %s "
                                       "(coefficient of variation %.2f) over %u runs",
                                       executed),
                             name, m, sd, cv, executed);
          g_autoptr(HpInsight) insight =
            hp_insight_new (HP_INSIGHT_HIGH_VARIANCE,
                            cv >= 1.0 ? HP_INSIGHT_SEVERITY_MEDIUM : HP_INSIGHT_SEVERITY_LOW,
                            message);

          hp_insight_add_node (insight, id);
          hp_insight_add_figure (insight, "cv", cv);
          hp_insight_add_figure (insight, "mean_ms", ms (mean));
          hp_insight_add_figure (insight, "stddev_ms", ms (stddev));
          hp_insight_add_figure (insight, "executed", executed);
          g_ptr_array_add (insights, g_steal_pointer (&insight));
        }
    }
}

/* ---- retries, tokens and cost in the run -------------------------------- */

static void
add_retries (GPtrArray *insights,
             HpProfile *profile,
             HpRun     *run)
{
  GPtrArray *node_runs = hp_run_get_node_runs (run);

  for (guint i = 0; i < node_runs->len; i++)
    {
      HpNodeRun *nr = g_ptr_array_index (node_runs, i);
      int retries = hp_node_run_get_retries (nr);
      g_autoptr(HpInsight) insight = NULL;
      g_autofree char *name = NULL;
      g_autofree char *message = NULL;

      if (retries <= 0)
        continue;
      name = quoted_node (profile, hp_node_run_get_node_id (nr));
      /* Translators: a quoted node and how often it was retried */
      message = g_strdup_printf (ngettext ("%s was retried %d time in this run",
                                           "%s was retried %d times in this run",
                                           retries),
                                 name, retries);
      insight = hp_insight_new (HP_INSIGHT_RETRIES,
                                retries >= 3 ? HP_INSIGHT_SEVERITY_MEDIUM : HP_INSIGHT_SEVERITY_LOW,
                                message);
      hp_insight_add_node (insight, hp_node_run_get_node_id (nr));
      hp_insight_add_figure (insight, "retries", retries);
      g_ptr_array_add (insights, g_steal_pointer (&insight));
    }
}

static void
add_hot_spots (GPtrArray              *insights,
               HpProfile              *profile,
               HpRun                  *run,
               const HpInsightOptions *options)
{
  GPtrArray *node_runs = hp_run_get_node_runs (run);
  const char *currency = NULL;
  gboolean mixed_currency = FALSE;
  gint64 total_tokens = 0;
  double total_cost = 0.0;

  for (guint i = 0; i < node_runs->len; i++)
    {
      HpNodeRun *nr = g_ptr_array_index (node_runs, i);
      double cost = hp_node_run_get_cost (nr);

      if (hp_node_run_get_tokens (nr) > 0)
        total_tokens += hp_node_run_get_tokens (nr);
      if (!isnan (cost) && cost > 0)
        {
          const char *c = hp_node_run_get_currency (nr);

          if (currency == NULL)
            currency = c != NULL ? c : "";
          else if (g_strcmp0 (currency, c != NULL ? c : "") != 0)
            mixed_currency = TRUE;
          total_cost += cost;
        }
    }

  for (guint i = 0; i < node_runs->len; i++)
    {
      HpNodeRun *nr = g_ptr_array_index (node_runs, i);
      const char *id = hp_node_run_get_node_id (nr);
      gint64 tokens = hp_node_run_get_tokens (nr);
      double cost = hp_node_run_get_cost (nr);

      if (total_tokens > 0 && tokens > 0 &&
          (double) tokens / total_tokens >= options->hot_spot_share)
        {
          double share = (double) tokens / total_tokens;
          g_autofree char *name = quoted_node (profile, id);
          g_autofree char *used = g_strdup_printf ("%" G_GINT64_FORMAT, tokens);
          g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, total_tokens);
          /* Translators: a quoted node, its tokens, the run's tokens, its share in percent */
          g_autofree char *message = g_strdup_printf (_("%s used %s of the run’s %s tokens (%.0f %%)"),
                                                      name, used, total, share * 100.0);
          g_autoptr(HpInsight) insight = hp_insight_new (HP_INSIGHT_TOKEN_HOT_SPOT,
                                                         HP_INSIGHT_SEVERITY_INFO, message);

          hp_insight_add_node (insight, id);
          hp_insight_add_figure (insight, "tokens", (double) tokens);
          hp_insight_add_figure (insight, "total_tokens", (double) total_tokens);
          hp_insight_add_figure (insight, "share", share);
          g_ptr_array_add (insights, g_steal_pointer (&insight));
        }

      /* Sums of different currencies mean nothing: no cost rule then. */
      if (!mixed_currency && total_cost > 0 && !isnan (cost) && cost > 0 &&
          cost / total_cost >= options->hot_spot_share)
        {
          double share = cost / total_cost;
          g_autofree char *name = quoted_node (profile, id);
          g_autofree char *spent = g_strdup_printf ("%g%s%s", cost, *currency ? " " : "", currency);
          g_autofree char *total = g_strdup_printf ("%g%s%s", total_cost, *currency ? " " : "", currency);
          /* Translators: a quoted node, its cost and the run's cost (with
           * their currency), its share in percent */
          g_autofree char *message = g_strdup_printf (_("%s cost %s of the run’s %s (%.0f %%)"),
                                                      name, spent, total, share * 100.0);
          g_autoptr(HpInsight) insight = hp_insight_new (HP_INSIGHT_COST_HOT_SPOT,
                                                         HP_INSIGHT_SEVERITY_INFO, message);

          hp_insight_add_node (insight, id);
          hp_insight_add_figure (insight, "cost", cost);
          hp_insight_add_figure (insight, "total_cost", total_cost);
          hp_insight_add_figure (insight, "share", share);
          g_ptr_array_add (insights, g_steal_pointer (&insight));
        }
    }
}

/* ---- parallelization ---------------------------------------------------- */

static void
add_parallelization (GPtrArray              *insights,
                     HpProfile              *profile,
                     HpRun                  *run,
                     const HpInsightOptions *options)
{
  g_autoptr(HpCriticalPath) path = NULL;
  g_autoptr(HpInsight) insight = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *minimum = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *message = NULL;
  const HpSerialPair *best;
  double efficiency;
  double saving;

  /* A graph with a cycle has no critical path: nothing to say. */
  path = hp_critical_path_compute (hp_profile_get_graph (profile), run, NULL);
  if (path == NULL)
    return;
  efficiency = hp_critical_path_get_efficiency (path);
  saving = hp_critical_path_get_saving_us (path);
  if (isnan (efficiency) || !(efficiency < options->efficiency_below) ||
      !(saving >= options->noise_floor_us) ||
      hp_critical_path_get_n_serial_pairs (path) == 0)
    return;

  best = hp_critical_path_get_serial_pair (path, 0);
  actual = hp_format_duration_us (hp_critical_path_get_execution_us (path));
  minimum = hp_format_duration_us (hp_critical_path_get_length_us (path));
  first = quoted_node (profile, best->first);
  second = quoted_node (profile, best->second);
  /* Translators: the run's execution time, the critical path's length,
   * the efficiency in percent, then two quoted nodes */
  message = g_strdup_printf (_("The run took %s; with its independent branches side by side it "
                               "could take %s (efficiency %.0f %%). %s and %s ran one after the other."),
                             actual, minimum, efficiency * 100.0, first, second);
  insight = hp_insight_new (HP_INSIGHT_PARALLELIZATION,
                            efficiency < 0.5 ? HP_INSIGHT_SEVERITY_MEDIUM : HP_INSIGHT_SEVERITY_LOW,
                            message);
  /* The nodes of the (at most three) best pairs, each once. */
  for (guint i = 0; i < hp_critical_path_get_n_serial_pairs (path) && i < 3; i++)
    {
      const HpSerialPair *pair = hp_critical_path_get_serial_pair (path, i);
      const char *ids[] = { pair->first, pair->second };

      for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
        {
          gboolean seen = FALSE;

          for (guint j = 0; j < hp_insight_get_n_nodes (insight) && !seen; j++)
            seen = hp_insight_get_node (insight, j) == ids[k];
          if (!seen)
            hp_insight_add_node (insight, ids[k]);
        }
    }
  hp_insight_add_figure (insight, "execution_ms", ms (hp_critical_path_get_execution_us (path)));
  hp_insight_add_figure (insight, "critical_path_ms", ms (hp_critical_path_get_length_us (path)));
  hp_insight_add_figure (insight, "efficiency", efficiency);
  hp_insight_add_figure (insight, "saving_ms", ms (saving));
  hp_insight_add_figure (insight, "serial_pairs", hp_critical_path_get_n_serial_pairs (path));
  hp_insight_add_figure (insight, "best_pair_saving_ms", ms (best->saving_us));
  g_ptr_array_add (insights, g_steal_pointer (&insight));
}

/* ---- putting them together ---------------------------------------------- */

static int
insight_compare (gconstpointer a,
                 gconstpointer b)
{
  HpInsight *ia = *(HpInsight * const *) a;
  HpInsight *ib = *(HpInsight * const *) b;
  const char *na;
  const char *nb;

  if (hp_insight_get_severity (ia) != hp_insight_get_severity (ib))
    return hp_insight_get_severity (ia) > hp_insight_get_severity (ib) ? -1 : 1;
  if (hp_insight_get_kind (ia) != hp_insight_get_kind (ib))
    return hp_insight_get_kind (ia) < hp_insight_get_kind (ib) ? -1 : 1;
  na = hp_insight_get_n_nodes (ia) > 0 ? hp_insight_get_node (ia, 0) : NULL;
  nb = hp_insight_get_n_nodes (ib) > 0 ? hp_insight_get_node (ib, 0) : NULL;
  if (na == NULL || nb == NULL)
    return (na != NULL) - (nb != NULL);
  return hp_bottleneck_compare_node_ids (na, nb);
}

/**
 * hp_insights_compute:
 * @profile: a profile
 * @run: (nullable): the run to judge (usually the latest), one of
 *   @profile's; %NULL for the rules over the whole history only
 * @options: (nullable): the limits, %NULL for the defaults
 *
 * Applies every insight rule of docs/analysis.md: regressions of @run
 * against the previous run, the historical mean and the baseline; nodes
 * that dominate @run; cache-rate drops; retries; token and cost hot spots;
 * a parallelization opportunity; and over the whole history error-prone
 * and highly variable nodes.
 *
 * Returns: (transfer full) (element-type HpInsight): the insights, most
 *   severe first, then by kind, then whole-run before nodes and by node id
 */
GPtrArray *
hp_insights_compute (HpProfile              *profile,
                     HpRun                  *run,
                     const HpInsightOptions *options)
{
  HpInsightOptions defaults;
  GPtrArray *insights;

  g_return_val_if_fail (HP_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (run == NULL || HP_IS_RUN (run), NULL);
  g_return_val_if_fail (run == NULL || hp_profile_get_run_position (profile, run) >= 0, NULL);

  if (options == NULL)
    {
      hp_insight_options_init (&defaults);
      options = &defaults;
    }

  insights = g_ptr_array_new_with_free_func (g_object_unref);
  if (run != NULL)
    {
      add_regressions (insights, profile, run, options);
      add_dominant_nodes (insights, profile, run, options);
      add_cache_drops (insights, profile, run, options);
      add_retries (insights, profile, run);
      add_hot_spots (insights, profile, run, options);
      add_parallelization (insights, profile, run, options);
    }
  add_history_rules (insights, profile, options);

  g_ptr_array_sort (insights, insight_compare);
  return insights;
}
