/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every command's report is written with: JSON members that are null
 * where a figure is missing, and text table cells padded by characters. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "hp-enums.h"

G_BEGIN_DECLS

void        hp_cli_json_add_string   (JsonBuilder *builder,
                                      const char  *name,
                                      const char  *value);
void        hp_cli_json_add_int      (JsonBuilder *builder,
                                      const char  *name,
                                      gint64       value);
void        hp_cli_json_add_number   (JsonBuilder *builder,
                                      const char  *name,
                                      double       value);
void        hp_cli_json_add_ms       (JsonBuilder *builder,
                                      const char  *name,
                                      double       us);

void        hp_cli_append_cell       (GString     *out,
                                      const char  *text,
                                      int          width);
const char *hp_cli_run_status_label  (HpRunStatus  status);

G_END_DECLS
