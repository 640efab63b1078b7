/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-format.h"

#include <string.h>
#include <glib/gi18n.h>

G_DEFINE_QUARK (hp-format-error-quark, hp_format_error)

static const struct {
  HpFormatKind kind;
  const char *name;
  const char *label;   /* for people, translated by hp_format_kind_get_label() */
} kinds[] = {
  { HP_FORMAT_HOTPATH, "hotpath", N_("Hotpath profile") },
  { HP_FORMAT_COMFYUI_NODE, "comfyui-node", N_("comfyui-node profile stats") },
  { HP_FORMAT_CHROME_TRACE, "chrome-trace", N_("Chrome trace") },
  { HP_FORMAT_CSV, "csv", "CSV" },
  { HP_FORMAT_COMFYUI_PROMPT, "comfyui-prompt", N_("ComfyUI API-format prompt") },
  { HP_FORMAT_COMFYUI_WORKFLOW, "comfyui-workflow", N_("ComfyUI editor workflow") },
  { HP_FORMAT_COMFYUI_HISTORY, "comfyui-history", N_("ComfyUI history") },
  { HP_FORMAT_DIFY, "dify", N_("Dify workflow run") },
  { HP_FORMAT_NODETOOL, "nodetool", N_("NodeTool performance profile") },
  { HP_FORMAT_NODETOOL_WORKFLOW, "nodetool-workflow", N_("NodeTool workflow") },
  { HP_FORMAT_NODETOOL_LOG, "nodetool-log", N_("NodeTool job log") },
  { HP_FORMAT_COMFYUI_EVENTS, "comfyui-events", N_("ComfyUI event log") },
};

const char *
hp_format_kind_to_string (HpFormatKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].name;
  return NULL;
}

HpFormatKind
hp_format_kind_from_string (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].name, name) == 0)
      return kinds[i].kind;
  return HP_FORMAT_UNKNOWN;
}

const char *
hp_format_kind_get_label (HpFormatKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return _(kinds[i].label);
  return _("unknown format");
}
