/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-format.h"

#include <string.h>

G_DEFINE_QUARK (hp-format-error-quark, hp_format_error)

static const struct {
  HpFormatKind kind;
  const char *name;
  const char *label;
} kinds[] = {
  { HP_FORMAT_HOTPATH, "hotpath", "Hotpath profile" },
  { HP_FORMAT_COMFYUI_NODE, "comfyui-node", "comfyui-node profile stats" },
  { HP_FORMAT_CHROME_TRACE, "chrome-trace", "Chrome trace" },
  { HP_FORMAT_CSV, "csv", "CSV" },
  { HP_FORMAT_COMFYUI_PROMPT, "comfyui-prompt", "ComfyUI API-format prompt" },
  { HP_FORMAT_COMFYUI_WORKFLOW, "comfyui-workflow", "ComfyUI editor workflow" },
  { HP_FORMAT_COMFYUI_HISTORY, "comfyui-history", "ComfyUI history" },
  { HP_FORMAT_DIFY, "dify", "Dify workflow run" },
  { HP_FORMAT_NODETOOL, "nodetool", "NodeTool performance profile" },
  { HP_FORMAT_NODETOOL_WORKFLOW, "nodetool-workflow", "NodeTool workflow" },
  { HP_FORMAT_NODETOOL_LOG, "nodetool-log", "NodeTool job log" },
  { HP_FORMAT_COMFYUI_EVENTS, "comfyui-events", "ComfyUI event log" },
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
      return kinds[i].label;
  return "unknown format";
}
