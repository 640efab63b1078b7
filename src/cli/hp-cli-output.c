/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-config.h"

#include "hp-cli-output.h"

#include <glib/gi18n.h>
#include <math.h>

/**
 * hp_cli_json_add_string:
 * @builder: a builder inside an object
 * @name: the member's name
 * @value: (nullable): the string
 *
 * Adds the member @name; %NULL becomes JSON null, so that the member is
 * always there for scripts to look at.
 */
void
hp_cli_json_add_string (JsonBuilder *builder,
                        const char  *name,
                        const char  *value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

/**
 * hp_cli_json_add_int:
 * @builder: a builder inside an object
 * @name: the member's name
 * @value: the count
 *
 * Adds the member @name, a whole number.
 */
void
hp_cli_json_add_int (JsonBuilder *builder,
                     const char  *name,
                     gint64       value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/**
 * hp_cli_json_add_number:
 * @builder: a builder inside an object
 * @name: the member's name
 * @value: the number; NaN where there is none
 *
 * Adds the member @name. JSON has no NaN or infinity (a percentage of a
 * zero reference), so those are written as null.
 */
void
hp_cli_json_add_number (JsonBuilder *builder,
                        const char  *name,
                        double       value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (builder, name);
  if (isnan (value) || isinf (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

/**
 * hp_cli_json_add_ms:
 * @builder: a builder inside an object
 * @name: the member's name, "…_ms"
 * @us: a time in microseconds; NaN or %HP_TIME_UNKNOWN where there is none
 *
 * Adds the member @name in milliseconds, the unit of every JSON report,
 * or null when the time is not known.
 */
void
hp_cli_json_add_ms (JsonBuilder *builder,
                    const char  *name,
                    double       us)
{
  hp_cli_json_add_number (builder, name, us == (double) HP_TIME_UNKNOWN ? NAN : us / 1000.0);
}

/**
 * hp_cli_append_cell:
 * @out: the text being built
 * @text: the cell's text (UTF-8)
 * @width: the column's width in characters: positive right-aligns,
 *   negative left-aligns and truncates with "…" to fit
 *
 * printf pads by bytes; titles and "−" are UTF-8, so the text tables pad
 * by characters.
 */
void
hp_cli_append_cell (GString    *out,
                    const char *text,
                    int         width)
{
  glong length;
  glong target = ABS (width);

  g_return_if_fail (out != NULL);
  g_return_if_fail (text != NULL);

  length = g_utf8_strlen (text, -1);
  if (width < 0 && length > target)
    {
      const char *end = g_utf8_offset_to_pointer (text, target - 1);

      g_string_append_len (out, text, end - text);
      g_string_append (out, "…");
      return;
    }
  if (width > 0)
    for (glong i = length; i < target; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (width < 0)
    for (glong i = length; i < target; i++)
      g_string_append_c (out, ' ');
}

/**
 * hp_cli_run_status_label:
 * @status: a run's status
 *
 * Returns: the status in words for the text reports (translated); the
 *   JSON keeps the stable names of hp_run_status_to_string()
 */
const char *
hp_cli_run_status_label (HpRunStatus status)
{
  switch (status)
    {
    case HP_RUN_STATUS_SUCCEEDED: return _("succeeded");
    case HP_RUN_STATUS_FAILED: return _("failed");
    case HP_RUN_STATUS_INTERRUPTED: return _("interrupted");
    case HP_RUN_STATUS_RUNNING: return _("running");
    default: return hp_run_status_to_string (status);
    }
}
