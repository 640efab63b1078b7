/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hp-profile.h"

G_BEGIN_DECLS

/* The groups part of `hotpath-cli report`: every group and subgraph with
 * its wall time in @latest (nullable) and over all runs. */
typedef struct _HpCliGroups HpCliGroups;

HpCliGroups *hp_cli_groups_compute    (HpProfile   *profile,
                                       HpRun       *latest);
void         hp_cli_groups_free       (HpCliGroups *groups);
void         hp_cli_groups_build_json (HpCliGroups *groups,
                                       JsonBuilder *builder);
void         hp_cli_groups_print      (HpCliGroups *groups,
                                       GString     *out);

G_END_DECLS
