/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-scene.h"

/**
 * hp_graph_scene_get_cell:
 * @index: a layout index, or -1
 *
 * Returns: (nullable): the heatmap cell of node @index
 */
const HpHeatmapCell *
hp_graph_scene_get_cell (const HpGraphScene *scene,
                         int                 index)
{
  if (scene->cells == NULL || index < 0)
    return NULL;
  return scene->cells[index];
}

/**
 * hp_graph_scene_has_run:
 *
 * Returns: whether the heatmap shows one run (nodes that did not run in it
 *   are dimmed, failures marked)
 */
gboolean
hp_graph_scene_has_run (const HpGraphScene *scene)
{
  return scene->heatmap != NULL && hp_heatmap_get_run (scene->heatmap) != NULL;
}

/**
 * hp_graph_scene_rect_to_view:
 * @rect: in graph units
 *
 * Returns: where @rect is drawn, in view pixels
 */
HpRect
hp_graph_scene_rect_to_view (const HpViewTransform *t,
                             const HpRect          *r)
{
  HpRect out = {
    r->x * t->zoom + t->offset_x,
    r->y * t->zoom + t->offset_y,
    r->width * t->zoom,
    r->height * t->zoom,
  };

  return out;
}

/**
 * hp_graph_scene_visible_area:
 * @pad_px: view pixels added on every side
 *
 * Returns: the part of the graph seen in a view of @width × @height
 *   pixels, in graph units
 */
HpRect
hp_graph_scene_visible_area (const HpViewTransform *t,
                             int                    width,
                             int                    height,
                             double                 pad_px)
{
  HpRect area;

  hp_view_transform_to_graph (t, -pad_px, -pad_px, &area.x, &area.y);
  area.width = (width + 2 * pad_px) / t->zoom;
  area.height = (height + 2 * pad_px) / t->zoom;
  return area;
}
