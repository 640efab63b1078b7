/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hp-profile.h"

G_BEGIN_DECLS

/* The trends part of `hotpath-cli report`: the whole run first, then
 * every node with enough runs for a verdict (an array of HpTrend). */
GPtrArray *hp_cli_trends_compute    (HpProfile   *profile,
                                     double       noise_floor_us);
void       hp_cli_trends_build_json (GPtrArray   *trends,
                                     JsonBuilder *builder);
void       hp_cli_trends_print      (GPtrArray   *trends,
                                     GString     *out);

G_END_DECLS
