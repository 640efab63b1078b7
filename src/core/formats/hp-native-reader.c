/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-native-reader.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "hp-format-limits.h"
#include "hp-json-scanner.h"
#include "hp-native-groups.h"
#include "hp-native-writer.h"

/* The reader walks the document with the pull scanner and builds the
 * model directly: no intermediate JSON tree, so a 500-node × 1000-run
 * file loads in a fraction of a second (docs/benchmarks.md). */

typedef struct {
  const char *from;     /* interned */
  const char *to;       /* interned */
  int         from_slot;
  int         to_slot;
  gsize       from_offset;
  gsize       to_offset;
} PendingEdge;

typedef struct {
  HpJsonScanner   *scanner;
  HpProfile       *profile;
  HpWorkflowGraph *graph;
  GPtrArray       *runs;         /* of HpRun */
  GHashTable      *run_ids;      /* id (owned by the run) → HpRun */
  GHashTable      *node_seen;    /* interned node id → serial of the last run holding it */
  guint            run_serial;
  GPtrArray       *node_runs;    /* of HpNodeRun, the run being read */
  GArray          *progress;     /* of HpProgressEvent, the node run being read */
  char            *baseline;
  gsize            baseline_offset;
  GPtrArray       *dismissed;    /* insight keys (owned strings) */
  guint            n_node_runs;  /* in all runs so far, for the limit */
} Reader;

#define KEY_IS(key, len, literal) \
  ((len) == sizeof (literal) - 1 && memcmp ((key), (literal), sizeof (literal) - 1) == 0)

/* Each known member may appear once per object; @seen collects bits. */
static gboolean
check_once (Reader     *r,
            guint      *seen,
            guint       bit,
            const char *key)
{
  if (*seen & bit)
    {
      /* The message wants the key, which the scanner's buffer still holds. */
      hp_json_scanner_peek (r->scanner);
      return hp_json_scanner_fail (r->scanner, HP_FORMAT_ERROR_DUPLICATE,
                                   _("member “%s” appears twice in this object"), key);
    }
  *seen |= bit;
  return TRUE;
}

/* Reads a time in milliseconds into microseconds. Numbers with at most
 * three decimals, the form the writer uses, are converted exactly with
 * integers; others go through a double and are rounded. */
static gboolean
read_ms (Reader   *r,
         gboolean  allow_null,
         gint64   *us,
         gboolean *is_null)
{
  HpJsonScanner *s = r->scanner;
  const char *text;
  gsize length;
  gsize i = 0;
  gboolean negative = FALSE;
  gint64 whole = 0;
  gint64 fraction = 0;
  guint n_whole = 0;
  guint n_fraction = 0;

  *is_null = FALSE;
  if (allow_null && hp_json_scanner_peek (s) == HP_JSON_VALUE_NULL)
    {
      *is_null = TRUE;
      *us = HP_TIME_UNKNOWN;
      return hp_json_scanner_read_null (s);
    }
  if (hp_json_scanner_peek (s) != HP_JSON_VALUE_NUMBER)
    return hp_json_scanner_fail_type (s, allow_null ? N_("a number of milliseconds or null")
                                                    : N_("a number of milliseconds"));
  if (!hp_json_scanner_read_number_text (s, &text, &length))
    return FALSE;

  if (text[0] == '-')
    {
      negative = TRUE;
      i++;
    }
  /* Past 16 digits the integer path is not taken: stop before overflowing. */
  for (; i < length && g_ascii_isdigit (text[i]); i++, n_whole++)
    if (n_whole < 16)
      whole = whole * 10 + (text[i] - '0');
  if (i < length && text[i] == '.')
    for (i++; i < length && g_ascii_isdigit (text[i]) && n_fraction < 4; i++, n_fraction++)
      fraction = fraction * 10 + (text[i] - '0');

  if (i == length && n_whole <= 15 && n_fraction <= 3)
    {
      for (guint k = n_fraction; k < 3; k++)
        fraction *= 10;
      *us = whole * 1000 + fraction;
      if (negative)
        *us = -*us;
    }
  else
    {
      g_autofree char *copy = g_strndup (text, length);
      double ms = g_ascii_strtod (copy, NULL);

      if (!(fabs (ms) <= 1e15))
        return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE,
                                     /* Translators: a number of milliseconds from the file */
                                     _("%s ms is out of range (more than 30,000 years)"), copy);
      *us = llround (ms * 1000.0);
    }
  return TRUE;
}

static char *
format_ms (gint64 us)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3f", us / 1000.0));
}

static gboolean
check_timestamp (Reader *r,
                 gint64  us,
                 gsize   offset,
                 const char *member)
{
  if (us < 0 || us > HP_FORMAT_MAX_TIMESTAMP_US)
    {
      g_autofree char *ms = format_ms (us);
      return hp_json_scanner_fail_at (r->scanner, offset, member, HP_FORMAT_ERROR_VALUE,
                                      /* Translators: a number of milliseconds from the file */
                                      _("the time %s ms since 1970 lies outside 1970–2200"), ms);
    }
  return TRUE;
}

static gboolean
check_duration (Reader     *r,
                gint64      us,
                gsize       offset,
                const char *member,
                const char *what)
{
  if (us < 0 || us > HP_FORMAT_MAX_DURATION_US)
    {
      g_autofree char *ms = format_ms (us);
      return hp_json_scanner_fail_at (r->scanner, offset, member, HP_FORMAT_ERROR_VALUE,
                                      /* Translators: what is measured ("the duration"), then milliseconds */
                                      us < 0 ? _("%s is negative (%s ms); expected zero or more")
                                             /* Translators: what is measured ("the duration"), then milliseconds */
                                             : _("%s of %s ms is absurdly long (more than 300 years)"),
                                      _(what), ms);
    }
  return TRUE;
}

static gboolean
read_count (Reader *r,
            gint64  max,
            gint64 *value)
{
  gint64 v = 0;

  if (hp_json_scanner_peek (r->scanner) != HP_JSON_VALUE_NUMBER)
    return hp_json_scanner_fail_type (r->scanner, N_("a whole number"));
  if (!hp_json_scanner_read_int64 (r->scanner, &v))
    return FALSE;
  if (v < 0 || v > max)
    {
      /* The number goes in as text: xgettext cannot extract a message
       * with G_GINT64_FORMAT in the middle. */
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, v);

      return hp_json_scanner_fail (r->scanner, HP_FORMAT_ERROR_VALUE,
                                   v < 0 ? _("%s is negative; expected zero or more")
                                         : _("%s is too large"),
                                   number);
    }
  *value = v;
  return TRUE;
}

/* Refuses a profile past the node or node-run limit (hp-format-limits.h)
 * while reading, so memory stays bounded whatever the file holds. */
static gboolean
check_count_limit (Reader     *r,
                   guint       count,
                   guint       max,
                   const char *what)
{
  if (count <= max)
    return TRUE;
  hp_json_scanner_peek (r->scanner);   /* the error points at the extra one */
  return hp_json_scanner_fail (r->scanner, HP_FORMAT_ERROR_TOO_LARGE,
                               /* Translators: the limit, what is counted ("node runs"), the limit, what is counted */
                               _("more than %u %s; Hotpath opens profiles with up to %u %s"),
                               max, _(what), max, _(what));
}

/* A number, or null for a value that is not a finite number (NaN). */
static gboolean
read_number_or_null (Reader *r,
                     double *value)
{
  if (hp_json_scanner_peek (r->scanner) == HP_JSON_VALUE_NULL)
    {
      *value = NAN;
      return hp_json_scanner_read_null (r->scanner);
    }
  if (hp_json_scanner_peek (r->scanner) != HP_JSON_VALUE_NUMBER)
    return hp_json_scanner_fail_type (r->scanner, N_("a number"));
  return hp_json_scanner_read_double (r->scanner, value);
}

/* [a, b]: exactly two numbers. */
static gboolean
read_pair (Reader *r,
           double *a,
           double *b)
{
  HpJsonScanner *s = r->scanner;
  gsize array_offset;
  guint index;
  guint n = 0;

  if (!hp_json_scanner_begin_array (s))
    return FALSE;
  array_offset = hp_json_scanner_get_offset (s);
  while (hp_json_scanner_next_element (s, &index))
    {
      if (index >= 2)
        return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE,
                                     _("expected two numbers [x, y], found more"));
      if (!read_number_or_null (r, index == 0 ? a : b))
        return FALSE;
      n++;
    }
  if (hp_json_scanner_failed (s))
    return FALSE;
  if (n != 2)
    return hp_json_scanner_fail_at (s, array_offset, NULL, HP_FORMAT_ERROR_VALUE,
                                    /* Translators: how many numbers the array holds */
                                    _("expected two numbers [x, y], found %u"), n);
  return TRUE;
}

static gboolean
read_graph_node (Reader *r)
{
  HpJsonScanner *s = r->scanner;
  g_autofree char *id = NULL;
  g_autofree char *type = NULL;
  g_autofree char *title = NULL;
  gboolean has_pos = FALSE;
  gboolean has_size = FALSE;
  double x = 0, y = 0, w = 0, h = 0;
  gsize object_offset;
  gsize id_offset = 0;
  gsize size_offset = 0;
  const char *key;
  gsize key_length;
  guint seen = 0;
  HpGraphNode *node;

  if (!hp_json_scanner_begin_object (s))
    return FALSE;
  object_offset = hp_json_scanner_get_offset (s);

  while (hp_json_scanner_next_member (s, &key, &key_length))
    {
      const char *str;

      if (KEY_IS (key, key_length, "id"))
        {
          if (!check_once (r, &seen, 1 << 0, "id") ||
              !hp_json_scanner_read_string (s, &str, NULL))
            return FALSE;
          id_offset = hp_json_scanner_get_offset (s);
          id = g_strdup (str);
        }
      else if (KEY_IS (key, key_length, "type"))
        {
          if (!check_once (r, &seen, 1 << 1, "type") ||
              !hp_json_scanner_read_string_or_null (s, &str))
            return FALSE;
          type = g_strdup (str);
        }
      else if (KEY_IS (key, key_length, "title"))
        {
          if (!check_once (r, &seen, 1 << 2, "title") ||
              !hp_json_scanner_read_string_or_null (s, &str))
            return FALSE;
          title = g_strdup (str);
        }
      else if (KEY_IS (key, key_length, "pos"))
        {
          if (!check_once (r, &seen, 1 << 3, "pos") || !read_pair (r, &x, &y))
            return FALSE;
          has_pos = TRUE;
        }
      else if (KEY_IS (key, key_length, "size"))
        {
          if (!check_once (r, &seen, 1 << 4, "size"))
            return FALSE;
          hp_json_scanner_peek (s);
          size_offset = hp_json_scanner_get_offset (s);
          if (!read_pair (r, &w, &h))
            return FALSE;
          has_size = TRUE;
        }
      else if (!hp_json_scanner_skip_value (s))
        {
          return FALSE;
        }
    }
  if (hp_json_scanner_failed (s))
    return FALSE;

  if (id == NULL)
    return hp_json_scanner_fail_at (s, object_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                    _("the node has no “id”; every node needs a string id"));
  if (has_size && !has_pos)
    return hp_json_scanner_fail_at (s, size_offset, "size", HP_FORMAT_ERROR_MISSING,
                                    _("“size” is given without “pos”; a node's size needs its position"));

  node = hp_workflow_graph_add_node (r->graph, id, type, title, NULL);
  if (node == NULL)
    return hp_json_scanner_fail_at (s, id_offset, "id", HP_FORMAT_ERROR_DUPLICATE,
                                    /* Translators: a node id */
                                    _("node id “%s” appears more than once in workflow.nodes"), id);
  if (has_pos)
    hp_graph_node_set_position (node, x, y, w, h);
  return TRUE;
}

static gboolean
read_slot (Reader *r,
           int    *slot)
{
  gint64 v = 0;

  if (!read_count (r, G_MAXINT, &v))
    return FALSE;
  *slot = (int) v;
  return TRUE;
}

static gboolean
read_edge (Reader *r,
           GArray *edges)
{
  HpJsonScanner *s = r->scanner;
  PendingEdge edge = { NULL, NULL, 0, 0, 0, 0 };
  gsize object_offset;
  const char *key;
  gsize key_length;
  guint seen = 0;

  if (!hp_json_scanner_begin_object (s))
    return FALSE;
  object_offset = hp_json_scanner_get_offset (s);

  while (hp_json_scanner_next_member (s, &key, &key_length))
    {
      const char *str;

      if (KEY_IS (key, key_length, "from"))
        {
          if (!check_once (r, &seen, 1 << 0, "from") ||
              !hp_json_scanner_read_string (s, &str, NULL))
            return FALSE;
          edge.from = g_intern_string (str);
          edge.from_offset = hp_json_scanner_get_offset (s);
        }
      else if (KEY_IS (key, key_length, "to"))
        {
          if (!check_once (r, &seen, 1 << 1, "to") ||
              !hp_json_scanner_read_string (s, &str, NULL))
            return FALSE;
          edge.to = g_intern_string (str);
          edge.to_offset = hp_json_scanner_get_offset (s);
        }
      else if (KEY_IS (key, key_length, "from_slot"))
        {
          if (!check_once (r, &seen, 1 << 2, "from_slot") || !read_slot (r, &edge.from_slot))
            return FALSE;
        }
      else if (KEY_IS (key, key_length, "to_slot"))
        {
          if (!check_once (r, &seen, 1 << 3, "to_slot") || !read_slot (r, &edge.to_slot))
            return FALSE;
        }
      else if (!hp_json_scanner_skip_value (s))
        {
          return FALSE;
        }
    }
  if (hp_json_scanner_failed (s))
    return FALSE;

  if (edge.from == NULL || edge.to == NULL)
    return hp_json_scanner_fail_at (s, object_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                    /* Translators: the missing member, “from” or “to” */
                                    _("the edge has no “%s”; edges need “from” and “to” node ids"),
                                    edge.from == NULL ? "from" : "to");
  g_array_append_val (edges, edge);
  return TRUE;
}

static gboolean
read_workflow (Reader *r)
{
  HpJsonScanner *s = r->scanner;
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (PendingEdge));
  const char *key;
  gsize key_length;
  guint seen = 0;

  if (hp_json_scanner_peek (s) == HP_JSON_VALUE_NULL)
    return hp_json_scanner_read_null (s);
  if (!hp_json_scanner_begin_object (s))
    return FALSE;

  while (hp_json_scanner_next_member (s, &key, &key_length))
    {
      const char *str;

      if (KEY_IS (key, key_length, "id"))
        {
          if (!check_once (r, &seen, 1 << 0, "id") ||
              !hp_json_scanner_read_string_or_null (s, &str))
            return FALSE;
          hp_workflow_graph_set_id (r->graph, str);
        }
      else if (KEY_IS (key, key_length, "name"))
        {
          if (!check_once (r, &seen, 1 << 1, "name") ||
              !hp_json_scanner_read_string_or_null (s, &str))
            return FALSE;
          hp_workflow_graph_set_name (r->graph, str);
        }
      else if (KEY_IS (key, key_length, "nodes"))
        {
          if (!check_once (r, &seen, 1 << 2, "nodes") || !hp_json_scanner_begin_array (s))
            return FALSE;
          while (hp_json_scanner_next_element (s, NULL))
            if (!check_count_limit (r, hp_workflow_graph_get_n_nodes (r->graph) + 1,
                                    _hp_format_limits ()->max_graph_nodes, N_("workflow nodes")) ||
                !read_graph_node (r))
              return FALSE;
        }
      else if (KEY_IS (key, key_length, "edges"))
        {
          if (!check_once (r, &seen, 1 << 3, "edges") || !hp_json_scanner_begin_array (s))
            return FALSE;
          while (hp_json_scanner_next_element (s, NULL))
            if (!read_edge (r, edges))
              return FALSE;
        }
      else if (KEY_IS (key, key_length, "groups"))
        {
          if (!check_once (r, &seen, 1 << 4, "groups") || !_hp_native_read_groups (s, r->graph))
            return FALSE;
        }
      else if (!hp_json_scanner_skip_value (s))
        {
          return FALSE;
        }
      if (hp_json_scanner_failed (s))
        return FALSE;
    }
  if (hp_json_scanner_failed (s))
    return FALSE;

  /* Edges may come before nodes in the object: check them at the end. */
  for (guint i = 0; i < edges->len; i++)
    {
      const PendingEdge *e = &g_array_index (edges, PendingEdge, i);
      gboolean from_known = hp_workflow_graph_lookup_node (r->graph, e->from) != NULL;
      gboolean to_known = hp_workflow_graph_lookup_node (r->graph, e->to) != NULL;

      if (!from_known || !to_known)
        {
          g_autofree char *suffix = g_strdup_printf ("edges[%u].%s", i, from_known ? "to" : "from");
          return hp_json_scanner_fail_at (s, from_known ? e->to_offset : e->from_offset, suffix,
                                          HP_FORMAT_ERROR_UNKNOWN_NODE,
                                          /* Translators: a node id */
                                          _("the edge names node “%s”, which is not in workflow.nodes"),
                                          from_known ? e->to : e->from);
        }
      hp_workflow_graph_add_edge (r->graph, e->from, e->from_slot, e->to, e->to_slot, NULL);
    }
  return TRUE;
}

static gboolean
read_progress (Reader *r,
               gint64  base_us)
{
  HpJsonScanner *s = r->scanner;

  g_array_set_size (r->progress, 0);
  if (!hp_json_scanner_begin_array (s))
    return FALSE;
  while (hp_json_scanner_next_element (s, NULL))
    {
      HpProgressEvent event = { HP_TIME_UNKNOWN, NAN, NAN };
      gsize event_offset;
      guint index;
      guint n = 0;

      if (!hp_json_scanner_begin_array (s))
        return FALSE;
      event_offset = hp_json_scanner_get_offset (s);
      while (hp_json_scanner_next_element (s, &index))
        {
          gboolean is_null;

          if (index == 0)
            {
              gint64 offset_us;

              if (!read_ms (r, TRUE, &offset_us, &is_null))
                return FALSE;
              if (!is_null)
                {
                  event.time_us = base_us + offset_us;
                  if (!check_timestamp (r, event.time_us, hp_json_scanner_get_offset (s), NULL))
                    return FALSE;
                }
            }
          else if (index <= 2)
            {
              if (!read_number_or_null (r, index == 1 ? &event.value : &event.max))
                return FALSE;
            }
          else
            {
              return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE,
                                           _("a progress event is [time_ms, value, max], found more than three values"));
            }
          n++;
        }
      if (hp_json_scanner_failed (s))
        return FALSE;
      if (n != 3)
        return hp_json_scanner_fail_at (s, event_offset, NULL, HP_FORMAT_ERROR_VALUE,
                                        /* Translators: how many values the event holds */
                                        _("a progress event is [time_ms, value, max], found %u values"), n);
      g_array_append_val (r->progress, event);
    }
  return !hp_json_scanner_failed (s);
}

enum {
  NODE_ID = 1 << 0,
  NODE_STATUS = 1 << 1,
  NODE_START = 1 << 2,
  NODE_DURATION = 1 << 3,
  NODE_END = 1 << 4,
  NODE_PROGRESS = 1 << 5,
  NODE_ERROR = 1 << 6,
  NODE_TOKENS = 1 << 7,
  NODE_COST = 1 << 8,
  NODE_CURRENCY = 1 << 9,
  NODE_PEAK_MEMORY = 1 << 10,
  NODE_OUTPUT = 1 << 11,
  NODE_RETRIES = 1 << 12,
  NODE_MEMORY = 1 << 13,
};

/* "memory": {"samples": N, "vram_peak_bytes", "vram_change_bytes",
 * "ram_peak_bytes", "ram_change_bytes"}: sampled memory of a node run
 * (changes may be negative; a peak without its change is refused). */
static gboolean
read_memory (Reader          *r,
             HpMemorySamples *memory)
{
  HpJsonScanner *s = r->scanner;
  static const char * const names[] = {
    "vram_peak_bytes", "vram_change_bytes", "ram_peak_bytes", "ram_change_bytes",
  };
  gint64 *slots[] = { &memory->vram_peak, &memory->vram_change, &memory->ram_peak, &memory->ram_change };
  gboolean present[G_N_ELEMENTS (names)] = { FALSE, };
  gsize object_offset;
  const char *key;
  gsize key_length;
  guint seen = 0;
  gint64 samples = -1;

  memory->vram_peak = memory->ram_peak = -1;
  memory->vram_change = memory->ram_change = 0;
  if (hp_json_scanner_peek (s) != HP_JSON_VALUE_OBJECT)
    return hp_json_scanner_fail_type (s, N_("an object {samples, vram_peak_bytes, …}"));
  if (!hp_json_scanner_begin_object (s))
    return FALSE;
  object_offset = hp_json_scanner_get_offset (s);
  while (hp_json_scanner_next_member (s, &key, &key_length))
    {
      gboolean known = FALSE;

      if (KEY_IS (key, key_length, "samples"))
        {
          if (!check_once (r, &seen, 1 << 4, "samples") || !read_count (r, G_MAXUINT, &samples))
            return FALSE;
          continue;
        }
      for (guint i = 0; i < G_N_ELEMENTS (names) && !known; i++)
        if (key_length == strlen (names[i]) && memcmp (key, names[i], key_length) == 0)
          {
            gint64 v;

            known = TRUE;
            if (!check_once (r, &seen, 1u << i, names[i]))
              return FALSE;
            if (hp_json_scanner_peek (s) != HP_JSON_VALUE_NUMBER)
              return hp_json_scanner_fail_type (s, N_("a whole number of bytes"));
            if (!hp_json_scanner_read_int64 (s, &v))
              return FALSE;
            if ((i % 2 == 0 && v < 0) || v > ((gint64) 1 << 60) || v < -((gint64) 1 << 60))
              {
                g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, v);

                /* Translators: a number of bytes, then a member name */
                return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE,
                                             _("%s bytes is out of range for “%s”"),
                                             number, names[i]);
              }
            *slots[i] = v;
            present[i] = TRUE;
          }
      if (!known && !hp_json_scanner_skip_value (s))
        return FALSE;
    }
  if (hp_json_scanner_failed (s))
    return FALSE;
  if (samples < 0)
    return hp_json_scanner_fail_at (s, object_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                    _("the memory figures have no “samples”; expected the number of samples"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i += 2)
    if (present[i] != present[i + 1])
      return hp_json_scanner_fail_at (s, object_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                      /* Translators: two JSON member names, e.g. “tokens_in” needs “tokens_out” */
                                      _("“%s” needs “%s” beside it"), names[present[i] ? i : i + 1],
                                      names[present[i] ? i + 1 : i]);
  memory->n_samples = (guint) samples;
  return TRUE;
}

static gboolean
read_node_run (Reader *r,
               gint64  base_us)
{
  HpJsonScanner *s = r->scanner;
  const char *id = NULL;
  HpNodeStatus status = HP_NODE_STATUS_PENDING;
  gint64 start = HP_TIME_UNKNOWN;
  gint64 end = HP_TIME_UNKNOWN;
  gint64 duration = HP_TIME_UNKNOWN;
  gint64 tokens = -1;
  gint64 peak_memory = -1;
  gint64 output_size = -1;
  gint64 retries = 0;
  HpMemorySamples memory = { 0, };
  double cost = NAN;
  g_autofree char *error_text = NULL;
  g_autofree char *currency = NULL;
  gsize object_offset;
  gsize id_offset = 0;
  gsize start_offset = 0;
  gsize end_offset = 0;
  gsize duration_offset = 0;
  const char *key;
  gsize key_length;
  guint seen = 0;
  HpNodeRun *node_run;
  gpointer last_serial;

  if (!hp_json_scanner_begin_object (s))
    return FALSE;
  object_offset = hp_json_scanner_get_offset (s);

  while (hp_json_scanner_next_member (s, &key, &key_length))
    {
      const char *str;
      gboolean is_null = FALSE;
      gint64 v = 0;

      switch (key[0])
        {
        case 'i':
          if (!KEY_IS (key, key_length, "id"))
            goto unknown;
          if (!check_once (r, &seen, NODE_ID, "id") ||
              !hp_json_scanner_read_string (s, &str, NULL))
            return FALSE;
          id_offset = hp_json_scanner_get_offset (s);
          id = g_intern_string (str);
          break;

        case 's':
          if (KEY_IS (key, key_length, "status"))
            {
              if (!check_once (r, &seen, NODE_STATUS, "status") ||
                  !hp_json_scanner_read_string (s, &str, NULL))
                return FALSE;
              if (!hp_node_status_from_string (str, &status))
                return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE,
                                             /* Translators: the status from the file; the listed words are kept in English */
                                             _("unknown node status “%s”; expected completed, cached, failed, skipped, running or pending"),
                                             str);
            }
          else if (KEY_IS (key, key_length, "start_ms"))
            {
              if (!check_once (r, &seen, NODE_START, "start_ms") ||
                  !read_ms (r, TRUE, &v, &is_null))
                return FALSE;
              start_offset = hp_json_scanner_get_offset (s);
              if (!is_null)
                {
                  start = base_us + v;
                  if (!check_timestamp (r, start, start_offset, NULL))
                    return FALSE;
                }
            }
          else
            goto unknown;
          break;

        case 'd':
          if (!KEY_IS (key, key_length, "duration_ms"))
            goto unknown;
          if (!check_once (r, &seen, NODE_DURATION, "duration_ms") ||
              !read_ms (r, TRUE, &duration, &is_null))
            return FALSE;
          duration_offset = hp_json_scanner_get_offset (s);
          if (!is_null && !check_duration (r, duration, duration_offset, NULL, N_("the duration")))
            return FALSE;
          break;

        case 'e':
          if (KEY_IS (key, key_length, "end_ms"))
            {
              if (!check_once (r, &seen, NODE_END, "end_ms") ||
                  !read_ms (r, TRUE, &v, &is_null))
                return FALSE;
              end_offset = hp_json_scanner_get_offset (s);
              if (!is_null)
                {
                  end = base_us + v;
                  if (!check_timestamp (r, end, end_offset, NULL))
                    return FALSE;
                }
            }
          else if (KEY_IS (key, key_length, "error"))
            {
              if (!check_once (r, &seen, NODE_ERROR, "error") ||
                  !hp_json_scanner_read_string_or_null (s, &str))
                return FALSE;
              error_text = g_strdup (str);
            }
          else
            goto unknown;
          break;

        case 'p':
          if (KEY_IS (key, key_length, "progress"))
            {
              if (!check_once (r, &seen, NODE_PROGRESS, "progress") || !read_progress (r, base_us))
                return FALSE;
            }
          else if (KEY_IS (key, key_length, "peak_memory_bytes"))
            {
              if (!check_once (r, &seen, NODE_PEAK_MEMORY, "peak_memory_bytes") ||
                  !read_count (r, G_MAXINT64, &peak_memory))
                return FALSE;
            }
          else
            goto unknown;
          break;

        case 't':
          if (!KEY_IS (key, key_length, "tokens"))
            goto unknown;
          if (!check_once (r, &seen, NODE_TOKENS, "tokens") || !read_count (r, G_MAXINT64, &tokens))
            return FALSE;
          break;

        case 'c':
          if (KEY_IS (key, key_length, "cost"))
            {
              if (!check_once (r, &seen, NODE_COST, "cost"))
                return FALSE;
              if (hp_json_scanner_peek (s) != HP_JSON_VALUE_NUMBER)
                return hp_json_scanner_fail_type (s, N_("a number"));
              if (!hp_json_scanner_read_double (s, &cost))
                return FALSE;
            }
          else if (KEY_IS (key, key_length, "currency"))
            {
              if (!check_once (r, &seen, NODE_CURRENCY, "currency") ||
                  !hp_json_scanner_read_string_or_null (s, &str))
                return FALSE;
              currency = g_strdup (str);
            }
          else
            goto unknown;
          break;

        case 'm':
          if (!KEY_IS (key, key_length, "memory"))
            goto unknown;
          if (!check_once (r, &seen, NODE_MEMORY, "memory") || !read_memory (r, &memory))
            return FALSE;
          break;

        case 'o':
          if (!KEY_IS (key, key_length, "output_bytes"))
            goto unknown;
          if (!check_once (r, &seen, NODE_OUTPUT, "output_bytes") ||
              !read_count (r, G_MAXINT64, &output_size))
            return FALSE;
          break;

        case 'r':
          if (!KEY_IS (key, key_length, "retries"))
            goto unknown;
          if (!check_once (r, &seen, NODE_RETRIES, "retries") || !read_count (r, G_MAXINT, &retries))
            return FALSE;
          break;

        default:
        unknown:
          if (!hp_json_scanner_skip_value (s))
            return FALSE;
          break;
        }
    }
  if (hp_json_scanner_failed (s))
    return FALSE;

  if (!(seen & NODE_ID))
    return hp_json_scanner_fail_at (s, object_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                    _("the node run has no “id”; expected the id of a workflow node"));
  if (!(seen & NODE_STATUS))
    return hp_json_scanner_fail_at (s, object_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                    /* Translators: a node id; the listed statuses are kept in English */
                                    _("node run “%s” has no “status”; expected completed, cached, failed, skipped, running or pending"),
                                    id);

  last_serial = g_hash_table_lookup (r->node_seen, id);
  if (GPOINTER_TO_UINT (last_serial) == r->run_serial)
    return hp_json_scanner_fail_at (s, id_offset, "id", HP_FORMAT_ERROR_DUPLICATE,
                                    /* Translators: a node id */
                                    _("node “%s” appears more than once in this run"), id);
  g_hash_table_insert (r->node_seen, (gpointer) id, GUINT_TO_POINTER (r->run_serial));

  /* Without "end_ms", the end follows from start and duration. */
  if (!(seen & NODE_END) && start != HP_TIME_UNKNOWN && duration != HP_TIME_UNKNOWN)
    {
      end = start + duration;
      end_offset = duration_offset;
      if (!check_timestamp (r, end, end_offset, "duration_ms"))
        return FALSE;
    }
  if (start != HP_TIME_UNKNOWN && end != HP_TIME_UNKNOWN && end < start)
    return hp_json_scanner_fail_at (s, end_offset, "end_ms", HP_FORMAT_ERROR_VALUE,
                                    _("the node run ends before it starts (a negative duration)"));
  if (start != HP_TIME_UNKNOWN && end != HP_TIME_UNKNOWN &&
      !check_duration (r, end - start, end_offset, "end_ms", N_("the duration")))
    return FALSE;

  node_run = hp_node_run_new (id, status);
  g_ptr_array_add (r->node_runs, node_run);

  hp_node_run_set_times (node_run, start, end);
  if (seen & NODE_DURATION)
    hp_node_run_set_duration_us (node_run, duration);
  if (seen & NODE_PROGRESS)
    for (guint i = 0; i < r->progress->len; i++)
      {
        const HpProgressEvent *e = &g_array_index (r->progress, HpProgressEvent, i);
        hp_node_run_add_progress (node_run, e->time_us, e->value, e->max);
      }
  if (error_text != NULL)
    hp_node_run_set_error (node_run, error_text);
  if (tokens >= 0)
    hp_node_run_set_tokens (node_run, tokens);
  if (!isnan (cost) || currency != NULL)
    hp_node_run_set_cost (node_run, cost, currency);
  if (peak_memory >= 0)
    hp_node_run_set_peak_memory (node_run, peak_memory);
  if (output_size >= 0)
    hp_node_run_set_output_size (node_run, output_size);
  if (retries > 0)
    hp_node_run_set_retries (node_run, (int) retries);
  if (seen & NODE_MEMORY)
    hp_node_run_set_memory_samples (node_run, &memory);
  return TRUE;
}

static gboolean
read_node_runs (Reader *r,
                gint64  base_us)
{
  HpJsonScanner *s = r->scanner;

  if (!hp_json_scanner_begin_array (s))
    return FALSE;
  while (hp_json_scanner_next_element (s, NULL))
    if (!check_count_limit (r, ++r->n_node_runs, _hp_format_limits ()->max_node_runs, N_("node runs")) ||
        !read_node_run (r, base_us))
      return FALSE;
  return !hp_json_scanner_failed (s);
}

enum {
  RUN_ID = 1 << 0,
  RUN_STATUS = 1 << 1,
  RUN_QUEUED = 1 << 2,
  RUN_STARTED = 1 << 3,
  RUN_FINISHED = 1 << 4,
  RUN_NOTE = 1 << 5,
  RUN_NODES = 1 << 6,
};

static gboolean
read_run_time (Reader     *r,
               gint64     *us,
               gsize      *offset)
{
  gboolean is_null;

  if (!read_ms (r, TRUE, us, &is_null))
    return FALSE;
  *offset = hp_json_scanner_get_offset (r->scanner);
  if (!is_null && !check_timestamp (r, *us, *offset, NULL))
    return FALSE;
  return TRUE;
}

static gboolean
read_run (Reader *r)
{
  HpJsonScanner *s = r->scanner;
  g_autofree char *id = NULL;
  g_autofree char *note = NULL;
  g_autoptr(HpRun) run = NULL;
  HpRunStatus status = HP_RUN_STATUS_SUCCEEDED;
  gint64 queued = HP_TIME_UNKNOWN;
  gint64 started = HP_TIME_UNKNOWN;
  gint64 finished = HP_TIME_UNKNOWN;
  gsize object_offset;
  gsize id_offset = 0;
  gsize offset = 0;
  gsize finished_offset = 0;
  HpJsonMark nodes_mark;
  gboolean nodes_deferred = FALSE;
  const char *key;
  gsize key_length;
  guint seen = 0;

  if (!hp_json_scanner_begin_object (s))
    return FALSE;
  object_offset = hp_json_scanner_get_offset (s);

  r->run_serial++;
  g_ptr_array_set_size (r->node_runs, 0);

  while (hp_json_scanner_next_member (s, &key, &key_length))
    {
      const char *str;

      if (KEY_IS (key, key_length, "id"))
        {
          if (!check_once (r, &seen, RUN_ID, "id") ||
              !hp_json_scanner_read_string (s, &str, NULL))
            return FALSE;
          id_offset = hp_json_scanner_get_offset (s);
          id = g_strdup (str);
        }
      else if (KEY_IS (key, key_length, "status"))
        {
          if (!check_once (r, &seen, RUN_STATUS, "status") ||
              !hp_json_scanner_read_string (s, &str, NULL))
            return FALSE;
          if (!hp_run_status_from_string (str, &status))
            return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE,
                                         /* Translators: the status from the file; the listed words are kept in English */
                                         _("unknown run status “%s”; expected succeeded, failed, interrupted or running"),
                                         str);
        }
      else if (KEY_IS (key, key_length, "queued_at"))
        {
          if (!check_once (r, &seen, RUN_QUEUED, "queued_at") || !read_run_time (r, &queued, &offset))
            return FALSE;
        }
      else if (KEY_IS (key, key_length, "started_at"))
        {
          if (!check_once (r, &seen, RUN_STARTED, "started_at") || !read_run_time (r, &started, &offset))
            return FALSE;
        }
      else if (KEY_IS (key, key_length, "finished_at"))
        {
          if (!check_once (r, &seen, RUN_FINISHED, "finished_at") ||
              !read_run_time (r, &finished, &finished_offset))
            return FALSE;
        }
      else if (KEY_IS (key, key_length, "note"))
        {
          if (!check_once (r, &seen, RUN_NOTE, "note") ||
              !hp_json_scanner_read_string_or_null (s, &str))
            return FALSE;
          note = g_strdup (str);
        }
      else if (KEY_IS (key, key_length, "nodes"))
        {
          if (!check_once (r, &seen, RUN_NODES, "nodes"))
            return FALSE;
          /* Node times count from started_at. The writer puts it first;
           * when another writer did not, read the nodes again at the end. */
          if (seen & RUN_STARTED)
            {
              if (!read_node_runs (r, started == HP_TIME_UNKNOWN ? 0 : started))
                return FALSE;
            }
          else
            {
              hp_json_scanner_mark (s, &nodes_mark);
              nodes_deferred = TRUE;
              if (!hp_json_scanner_skip_value (s))
                return FALSE;
            }
        }
      else if (!hp_json_scanner_skip_value (s))
        {
          return FALSE;
        }
    }
  if (hp_json_scanner_failed (s))
    return FALSE;

  if (id == NULL)
    return hp_json_scanner_fail_at (s, object_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                    _("the run has no “id”; every run needs a unique string id"));
  if (!(seen & RUN_STATUS))
    return hp_json_scanner_fail_at (s, object_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                    /* Translators: a run id; the listed statuses are kept in English */
                                    _("run “%s” has no “status”; expected succeeded, failed, interrupted or running"),
                                    id);
  if (g_hash_table_contains (r->run_ids, id))
    return hp_json_scanner_fail_at (s, id_offset, "id", HP_FORMAT_ERROR_DUPLICATE,
                                    /* Translators: a run id */
                                    _("run id “%s” appears more than once"), id);
  if (started != HP_TIME_UNKNOWN && finished != HP_TIME_UNKNOWN && finished < started)
    return hp_json_scanner_fail_at (s, finished_offset, "finished_at", HP_FORMAT_ERROR_VALUE,
                                    _("the run finishes before it starts (a negative duration)"));

  if (nodes_deferred)
    {
      HpJsonMark after;

      hp_json_scanner_mark (s, &after);
      hp_json_scanner_rewind (s, &nodes_mark);
      if (!read_node_runs (r, started == HP_TIME_UNKNOWN ? 0 : started))
        return FALSE;
      hp_json_scanner_rewind (s, &after);
    }

  run = hp_run_new (id);
  hp_run_set_status (run, status);
  hp_run_set_queued_us (run, queued);
  hp_run_set_started_us (run, started);
  hp_run_set_finished_us (run, finished);
  hp_run_set_note (run, note);
  for (guint i = 0; i < r->node_runs->len; i++)
    hp_run_add_node_run (run, g_ptr_array_index (r->node_runs, i));
  g_ptr_array_set_size (r->node_runs, 0);

  g_hash_table_insert (r->run_ids, (gpointer) hp_run_get_id (run), run);
  g_ptr_array_add (r->runs, g_steal_pointer (&run));
  return TRUE;
}

static gboolean
read_document (Reader *r)
{
  HpJsonScanner *s = r->scanner;
  gsize object_offset;
  const char *key;
  gsize key_length;
  guint seen = 0;

  if (!hp_json_scanner_start (s))
    return FALSE;
  if (!hp_json_scanner_begin_object (s))
    return FALSE;
  object_offset = hp_json_scanner_get_offset (s);

  while (hp_json_scanner_next_member (s, &key, &key_length))
    {
      const char *str;

      if (KEY_IS (key, key_length, "format"))
        {
          if (!check_once (r, &seen, 1 << 0, "format") ||
              !hp_json_scanner_read_string (s, &str, NULL))
            return FALSE;
          if (strcmp (str, "hotpath") != 0)
            return hp_json_scanner_fail (s, HP_FORMAT_ERROR_UNKNOWN_FORMAT,
                                         /* Translators: the format named in the file */
                                         _("this is a “%s” document, not a Hotpath profile (\"format\": \"hotpath\")"),
                                         str);
        }
      else if (KEY_IS (key, key_length, "version"))
        {
          gint64 version;

          if (!check_once (r, &seen, 1 << 1, "version"))
            return FALSE;
          if (hp_json_scanner_peek (s) != HP_JSON_VALUE_NUMBER)
            return hp_json_scanner_fail_type (s, N_("a whole number"));
          if (!hp_json_scanner_read_int64 (s, &version))
            return FALSE;
          if (version > HP_NATIVE_FORMAT_VERSION || version < 1)
            {
              g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, version);

              if (version > HP_NATIVE_FORMAT_VERSION)
                /* Translators: the file's format version, then the newest one this build reads */
                return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VERSION,
                                             _("the file has format version %s, newer than the version %d "
                                               "this Hotpath reads; update Hotpath"),
                                             number, HP_NATIVE_FORMAT_VERSION);
              return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE,
                                           _("format version %s does not exist; expected 1"),
                                           number);
            }
        }
      else if (KEY_IS (key, key_length, "workflow"))
        {
          if (!check_once (r, &seen, 1 << 2, "workflow") || !read_workflow (r))
            return FALSE;
        }
      else if (KEY_IS (key, key_length, "baseline"))
        {
          if (!check_once (r, &seen, 1 << 3, "baseline") ||
              !hp_json_scanner_read_string_or_null (s, &str))
            return FALSE;
          r->baseline = g_strdup (str);
          r->baseline_offset = hp_json_scanner_get_offset (s);
        }
      else if (KEY_IS (key, key_length, "dismissed_insights"))
        {
          if (!check_once (r, &seen, 1 << 5, "dismissed_insights") || !hp_json_scanner_begin_array (s))
            return FALSE;
          while (hp_json_scanner_next_element (s, NULL))
            {
              if (!hp_json_scanner_read_string (s, &str, NULL))
                return FALSE;
              if (*str == '\0')
                return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE,
                                             _("an insight key may not be empty"));
              g_ptr_array_add (r->dismissed, g_strdup (str));
            }
        }
      else if (KEY_IS (key, key_length, "runs"))
        {
          if (!check_once (r, &seen, 1 << 4, "runs") || !hp_json_scanner_begin_array (s))
            return FALSE;
          while (hp_json_scanner_next_element (s, NULL))
            if (!read_run (r))
              return FALSE;
        }
      else if (!hp_json_scanner_skip_value (s))
        {
          return FALSE;
        }
      if (hp_json_scanner_failed (s))
        return FALSE;
    }
  if (hp_json_scanner_failed (s))
    return FALSE;

  if (!(seen & (1 << 0)))
    return hp_json_scanner_fail_at (s, object_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                    _("the member “format” is missing; a Hotpath profile starts with \"format\": \"hotpath\""));
  if (!(seen & (1 << 1)))
    return hp_json_scanner_fail_at (s, object_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                    _("the member “version” is missing; expected \"version\": 1"));
  if (!hp_json_scanner_finish (s))
    return FALSE;

  if (r->baseline != NULL && !g_hash_table_contains (r->run_ids, r->baseline))
    return hp_json_scanner_fail_at (s, r->baseline_offset, "baseline", HP_FORMAT_ERROR_UNKNOWN_NODE,
                                    /* Translators: a run id */
                                    _("the baseline names run “%s”, which is not in runs"),
                                    r->baseline);
  return TRUE;
}

/**
 * hp_native_read:
 * @data: the document (need not be NUL-terminated)
 * @length: its length in bytes
 * @source_name: the file name used in error messages
 * @error: return location for a %HP_FORMAT_ERROR
 *
 * Reads a Hotpath profile (docs/format.md). The runs are added in one
 * batch, so statistics are computed once.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL on error
 */
HpProfile *
hp_native_read (const char  *data,
                gsize        length,
                const char  *source_name,
                GError     **error)
{
  g_autoptr(HpJsonScanner) scanner = NULL;
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GHashTable) run_ids = NULL;
  g_autoptr(GHashTable) node_seen = NULL;
  g_autoptr(GPtrArray) node_runs = NULL;
  g_autoptr(GArray) progress = NULL;
  g_autofree char *baseline = NULL;
  g_autoptr(GPtrArray) dismissed = NULL;
  Reader r = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (source_name == NULL)
    source_name = "input";

  scanner = hp_json_scanner_new (data, length, source_name);
  profile = hp_profile_new ();
  runs = g_ptr_array_new_with_free_func (g_object_unref);
  run_ids = g_hash_table_new (g_str_hash, g_str_equal);
  node_seen = g_hash_table_new (NULL, NULL);
  node_runs = g_ptr_array_new_with_free_func (g_object_unref);
  progress = g_array_new (FALSE, FALSE, sizeof (HpProgressEvent));
  dismissed = g_ptr_array_new_with_free_func (g_free);

  r.scanner = scanner;
  r.profile = profile;
  r.graph = hp_profile_get_graph (profile);
  r.runs = runs;
  r.run_ids = run_ids;
  r.node_seen = node_seen;
  r.node_runs = node_runs;
  r.progress = progress;
  r.dismissed = dismissed;

  ok = read_document (&r);
  baseline = g_steal_pointer (&r.baseline);
  if (!ok)
    {
      g_propagate_error (error, hp_json_scanner_take_error (scanner));
      return NULL;
    }

  if (runs->len > 0)
    {
      g_autoptr(GError) local_error = NULL;

      if (!hp_profile_add_runs (profile, (HpRun **) runs->pdata, runs->len, &local_error))
        {
          /* Ids were checked above; this is only a safety net. */
          g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_DUPLICATE,
                       "%s: %s", source_name, local_error->message);
          return NULL;
        }
    }
  if (baseline != NULL)
    hp_profile_set_baseline (profile, hp_profile_lookup_run (profile, baseline));
  for (guint i = 0; i < dismissed->len; i++)
    hp_profile_set_dismissed_insight (profile, g_ptr_array_index (dismissed, i), TRUE);

  return g_steal_pointer (&profile);
}
