/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-graph-palette.h"

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *out)
{
  if (!gtk_style_context_lookup_color (context, name, out))
    gdk_rgba_parse (out, fallback);
}

/**
 * hp_graph_palette_read:
 * @palette: (out caller-allocates): the colours
 * @widget: whose style to read (call again from its css_changed)
 *
 * Reads the graph's colours from @widget's style.
 */
void
hp_graph_palette_read (HpGraphPalette *palette,
                       GtkWidget      *widget)
{
  GtkStyleContext *context;
  GdkRGBA card;
  GdkRGBA popover;

  g_return_if_fail (palette != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));

  context = gtk_widget_get_style_context (widget);
  lookup_color (context, "window_fg_color", "rgba(0,0,0,0.8)", &palette->fg);
  lookup_color (context, "window_bg_color", "#fafafa", &palette->canvas_bg);
  lookup_color (context, "card_bg_color", "#ffffff", &card);
  lookup_color (context, "popover_bg_color", "#ffffff", &popover);
  lookup_color (context, "borders", "rgba(0,0,0,0.15)", &palette->borders);
  lookup_color (context, "accent_color", "#1c71d8", &palette->accent);
  lookup_color (context, "error_color", "#c01c28", &palette->error);
  lookup_color (context, "success_bg_color", "#26a269", &palette->success_bg);
  lookup_color (context, "warning_bg_color", "#e5a50a", &palette->warning_bg);
  lookup_color (context, "error_bg_color", "#e01b24", &palette->error_bg);

  palette->canvas_bg.alpha = 1.0;
  /* Cards are translucent in the dark style: make the node body opaque so
   * edges do not show through. */
  palette->node_bg = hp_graph_palette_blend (&palette->canvas_bg, &card);
  palette->popover_bg = hp_graph_palette_blend (&palette->canvas_bg, &popover);
  palette->dark = (palette->canvas_bg.red + palette->canvas_bg.green + palette->canvas_bg.blue) < 1.5;
  if (palette->borders.alpha < 0.2)
    palette->borders.alpha = palette->dark ? 0.3 : 0.2;
}

/**
 * hp_graph_palette_heat_color:
 *
 * Returns: (nullable): the strong fill of @heat_class (stripes, swatches,
 *   minimap), NULL for the classes drawn without colour
 */
const GdkRGBA *
hp_graph_palette_heat_color (const HpGraphPalette *palette,
                             HpHeatClass           heat_class)
{
  g_return_val_if_fail (palette != NULL, NULL);

  switch (hp_graph_palette_heat_level (heat_class))
    {
    case 1:
      return &palette->success_bg;
    case 2:
      return &palette->warning_bg;
    case 3:
      return &palette->error_bg;
    default:
      return NULL;
    }
}

/**
 * hp_graph_palette_heat_level:
 *
 * Returns: which fill @heat_class gets, in the order the low-detail views
 *   fill them one colour at a time: 0 none, 1 low (or faster), 2 medium,
 *   3 high (or slower)
 */
guint
hp_graph_palette_heat_level (HpHeatClass heat_class)
{
  switch (heat_class)
    {
    case HP_HEAT_CLASS_LOW:
    case HP_HEAT_CLASS_FASTER:
      return 1;
    case HP_HEAT_CLASS_MEDIUM:
      return 2;
    case HP_HEAT_CLASS_HIGH:
    case HP_HEAT_CLASS_SLOWER:
      return 3;
    case HP_HEAT_CLASS_SAME:
    case HP_HEAT_CLASS_CACHED:
    case HP_HEAT_CLASS_NONE:
    default:
      return 0;
    }
}

/**
 * hp_graph_palette_blend:
 *
 * Returns: @top over the opaque @bottom, opaque
 */
GdkRGBA
hp_graph_palette_blend (const GdkRGBA *bottom,
                        const GdkRGBA *top)
{
  GdkRGBA out = {
    top->red * top->alpha + bottom->red * (1 - top->alpha),
    top->green * top->alpha + bottom->green * (1 - top->alpha),
    top->blue * top->alpha + bottom->blue * (1 - top->alpha),
    1.0,
  };

  return out;
}

/**
 * hp_graph_palette_set_source:
 * @alpha: multiplies @color's own alpha
 *
 * Makes @color the source of @cr.
 */
void
hp_graph_palette_set_source (cairo_t       *cr,
                             const GdkRGBA *color,
                             double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}
