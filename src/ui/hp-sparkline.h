/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A small line chart of a few durations (oldest left, newest right), scaled
 * between their own minimum and maximum so small changes show. Its
 * accessible label and tooltip say the range in words. */
#define HP_TYPE_SPARKLINE (hp_sparkline_get_type ())
G_DECLARE_FINAL_TYPE (HpSparkline, hp_sparkline, HP, SPARKLINE, GtkWidget)

GtkWidget    *hp_sparkline_new        (void);
void          hp_sparkline_set_values (HpSparkline  *self,
                                       const double *values_us,
                                       guint         n_values);
const double *hp_sparkline_get_values (HpSparkline  *self,
                                       guint        *n_values);
const char   *hp_sparkline_get_label  (HpSparkline  *self);

G_END_DECLS
