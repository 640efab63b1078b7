/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hotpath-cli report: what hp-cli-report.c works out once, shared with
 * the text writer (hp-cli-report-text.c); the JSON writer stays beside the
 * command. */
#pragma once

#include <glib.h>
#include <math.h>

#include "hp-bottlenecks.h"
#include "hp-cli-groups.h"
#include "hp-comparison.h"
#include "hp-critical-path.h"
#include "hp-metric.h"
#include "hp-profile.h"

G_BEGIN_DECLS

typedef struct {
  HpProfile       *profile;
  char           **files;
  HpMetric         metric;
  guint            top_n;
  double           threshold_pct;
  double           noise_floor_us;
  HpReferenceKind  against;
  HpRun           *latest;
  GArray          *bottlenecks;   /* of HpBottleneck */
  HpComparison    *comparison;    /* nullable */
  GArray          *regressions;   /* of HpRegression */
  HpCriticalPath  *critical_path; /* of the latest run; nullable */
  char            *critical_path_error;
  GPtrArray       *insights;      /* of HpInsight */
  GPtrArray       *trends;        /* of HpTrend: whole run, then nodes */
  HpCliGroups     *groups;        /* group and subgraph totals */
} HpCliReport;

/* NaN where a run's time is HP_TIME_UNKNOWN: the writers show "—" / null. */
static inline double
hp_cli_time_or_nan (gint64 us)
{
  return us == HP_TIME_UNKNOWN ? NAN : (double) us;
}

char *hp_cli_report_to_text (HpCliReport *report);

G_END_DECLS
