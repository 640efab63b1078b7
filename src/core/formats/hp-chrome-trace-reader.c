/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "hp-chrome-trace-reader.h"
#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "hp-format-limits.h"
#include "hp-json-scanner.h"

/* Chrome trace event JSON ({"traceEvents": [...]} or a bare array),
 * read with the streaming scanner: traces of hundreds of megabytes are
 * common, and each event is reduced to a small record as it goes by. */

#define KEY_IS(key, len, literal) \
  ((len) == sizeof (literal) - 1 && memcmp ((key), (literal), sizeof (literal) - 1) == 0)

typedef struct {
  const char *name;       /* interned, or NULL */
  const char *cat;
  const char *node_id;    /* args.node_id */
  const char *type;       /* args.type */
  const char *title;      /* args.title */
  const char *run_id;     /* args.run_id */
  const char *status;     /* args.status */
  char       *error;      /* args.error, owned */
  const char *currency;
  const char *process;    /* args.name of metadata */
  const char *run_status; /* args.run_status of metadata */
  const char *workflow_id;
  const char *workflow_name;
  char       *note;       /* args.note of metadata, owned */
  const char *pid;        /* interned text */
  const char *tid;
  gint64      ts;
  gint64      dur;
  gint64      tokens;
  gint64      started_us;
  gint64      finished_us;
  double      cost;
  char        ph;
  gsize       offset;
  gsize       ts_offset;
} Event;

/* A node run in the making, and the run it belongs to. */
typedef struct {
  HpNodeRun  *node_run;   /* owned */
  const char *run_key;    /* interned */
  guint       serial;     /* file order, for a stable sort */
} Piece;

typedef struct {
  const char *key;        /* interned: run id or "pid-N" */
  const char *pid;
  gint64      queued_us;
  GPtrArray  *pieces;     /* of Piece*, not owned */
  gboolean    open_begin; /* a B without its E */
} RunInfo;

typedef struct {
  const char *process;
  const char *run_id;
  const char *run_status;
  char       *note;
  gint64      started_us;
  gint64      finished_us;
} ProcessInfo;

typedef struct {
  HpJsonScanner   *scanner;
  HpWorkflowGraph *graph;
  GPtrArray       *pieces;     /* of Piece*, owned */
  GHashTable      *processes;  /* pid → ProcessInfo* */
  GHashTable      *stacks;     /* "pid\x1ftid" (interned) → GPtrArray of Piece* (open B) */
  const char      *workflow_id;
  const char      *workflow_name;
  guint            serial;
  guint            n_events;   /* trace events read so far, for the limit */
} Reader;

static void
piece_free (gpointer data)
{
  Piece *piece = data;

  g_clear_object (&piece->node_run);
  g_free (piece);
}

static void
process_info_free (gpointer data)
{
  ProcessInfo *info = data;

  g_free (info->note);
  g_free (info);
}

static void
event_clear (Event *e)
{
  g_clear_pointer (&e->error, g_free);
  g_clear_pointer (&e->note, g_free);
}

static const char *
intern_or_null (const char *s)
{
  return s != NULL ? g_intern_string (s) : NULL;
}

/* A string, or an integer written as its digits (ids, pids). */
static gboolean
read_id (Reader      *r,
         const char **id)
{
  HpJsonScanner *s = r->scanner;
  const char *text;
  gsize length;

  switch (hp_json_scanner_peek (s))
    {
    case HP_JSON_VALUE_STRING:
      if (!hp_json_scanner_read_string (s, &text, NULL))
        return FALSE;
      *id = g_intern_string (text);
      return TRUE;
    case HP_JSON_VALUE_NUMBER:
      {
        g_autofree char *copy = NULL;

        if (!hp_json_scanner_read_number_text (s, &text, &length))
          return FALSE;
        copy = g_strndup (text, length);
        for (const char *p = copy; *p != '\0'; p++)
          if (!g_ascii_isdigit (*p) && !(p == copy && *p == '-'))
            /* Translators: the value from the file, e.g. 1.5 */
            return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE, _("%s is not a whole number, expected an id"), copy);
        *id = g_intern_string (copy);
        return TRUE;
      }
    case HP_JSON_VALUE_NULL:
      *id = NULL;
      return hp_json_scanner_read_null (s);
    case HP_JSON_VALUE_NONE:
      return FALSE;
    default:
      return hp_json_scanner_fail_type (s, N_("an id (a string or a whole number)"));
    }
}

static gboolean
read_string_or_null (Reader      *r,
                     const char **value)
{
  const char *text;

  if (hp_json_scanner_peek (r->scanner) != HP_JSON_VALUE_STRING &&
      hp_json_scanner_peek (r->scanner) != HP_JSON_VALUE_NULL)
    return hp_json_scanner_fail_type (r->scanner, N_("a string"));
  if (!hp_json_scanner_read_string_or_null (r->scanner, &text))
    return FALSE;
  *value = intern_or_null (text);
  return TRUE;
}

/* Microseconds, floats allowed; @timestamp limits to 1970–2200. */
static gboolean
read_us (Reader   *r,
         gboolean  timestamp,
         gint64   *us)
{
  HpJsonScanner *s = r->scanner;
  double value;

  if (hp_json_scanner_peek (s) != HP_JSON_VALUE_NUMBER)
    return hp_json_scanner_fail_type (s, N_("a number of microseconds"));
  if (!hp_json_scanner_read_double (s, &value))
    return FALSE;
  if (!isfinite (value))
    return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE, _("the number is too large, expected microseconds"));
  if (value < 0)
    return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE,
                                 timestamp ? _("negative time, expected microseconds of 0 or more")
                                           : _("negative duration, expected 0 or more microseconds"));
  if (value > (double) (timestamp ? HP_FORMAT_MAX_TIMESTAMP_US : HP_FORMAT_MAX_DURATION_US))
    return hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE,
                                 timestamp ? _("the time is after the year 2200, expected microseconds")
                                           : _("the duration is absurd (over 300 years), expected microseconds"));
  *us = (gint64) llround (value);
  return TRUE;
}

static gboolean
read_args (Reader *r,
           Event  *e)
{
  HpJsonScanner *s = r->scanner;
  const char *key;
  gsize key_length;

  if (hp_json_scanner_peek (s) != HP_JSON_VALUE_OBJECT)
    return hp_json_scanner_skip_value (s);
  if (!hp_json_scanner_begin_object (s))
    return FALSE;
  while (hp_json_scanner_next_member (s, &key, &key_length))
    {
      gboolean ok;

      if (KEY_IS (key, key_length, "node_id"))
        ok = read_id (r, &e->node_id);
      else if (KEY_IS (key, key_length, "run_id"))
        ok = read_id (r, &e->run_id);
      else if (KEY_IS (key, key_length, "type") && hp_json_scanner_peek (s) == HP_JSON_VALUE_STRING)
        ok = read_string_or_null (r, &e->type);
      else if (KEY_IS (key, key_length, "title") && hp_json_scanner_peek (s) == HP_JSON_VALUE_STRING)
        ok = read_string_or_null (r, &e->title);
      else if (KEY_IS (key, key_length, "status") && hp_json_scanner_peek (s) == HP_JSON_VALUE_STRING)
        ok = read_string_or_null (r, &e->status);
      else if (KEY_IS (key, key_length, "name") && hp_json_scanner_peek (s) == HP_JSON_VALUE_STRING)
        ok = read_string_or_null (r, &e->process);
      else if (KEY_IS (key, key_length, "run_status") && hp_json_scanner_peek (s) == HP_JSON_VALUE_STRING)
        ok = read_string_or_null (r, &e->run_status);
      else if (KEY_IS (key, key_length, "workflow_id") && hp_json_scanner_peek (s) == HP_JSON_VALUE_STRING)
        ok = read_string_or_null (r, &e->workflow_id);
      else if (KEY_IS (key, key_length, "workflow_name") && hp_json_scanner_peek (s) == HP_JSON_VALUE_STRING)
        ok = read_string_or_null (r, &e->workflow_name);
      else if (KEY_IS (key, key_length, "currency") && hp_json_scanner_peek (s) == HP_JSON_VALUE_STRING)
        ok = read_string_or_null (r, &e->currency);
      else if ((KEY_IS (key, key_length, "error") || KEY_IS (key, key_length, "note")) &&
               hp_json_scanner_peek (s) == HP_JSON_VALUE_STRING)
        {
          gboolean is_error = key[0] == 'e';
          const char *text;

          ok = hp_json_scanner_read_string (s, &text, NULL);
          if (ok)
            {
              char **slot = is_error ? &e->error : &e->note;

              g_free (*slot);
              *slot = g_strdup (text);
            }
        }
      else if (KEY_IS (key, key_length, "started_us") || KEY_IS (key, key_length, "finished_us"))
        ok = read_us (r, TRUE, key[0] == 's' ? &e->started_us : &e->finished_us);
      else if (KEY_IS (key, key_length, "tokens") && hp_json_scanner_peek (s) == HP_JSON_VALUE_NUMBER)
        {
          ok = hp_json_scanner_read_int64 (s, &e->tokens);
          if (ok && e->tokens < 0)
            ok = hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE, _("negative token count, expected 0 or more"));
        }
      else if (KEY_IS (key, key_length, "cost") && hp_json_scanner_peek (s) == HP_JSON_VALUE_NUMBER)
        {
          ok = hp_json_scanner_read_double (s, &e->cost);
          if (ok && (!isfinite (e->cost) || e->cost < 0))
            ok = hp_json_scanner_fail (s, HP_FORMAT_ERROR_VALUE, _("expected a cost of 0 or more"));
        }
      else
        ok = hp_json_scanner_skip_value (s);
      if (!ok)
        return FALSE;
    }
  return !hp_json_scanner_failed (s);
}

static RunInfo *
lookup_run (GHashTable *runs,
            GPtrArray  *order,
            const char *key,
            const char *pid)
{
  RunInfo *info = g_hash_table_lookup (runs, key);

  if (info == NULL)
    {
      info = g_new0 (RunInfo, 1);
      info->key = key;
      info->pid = pid;
      info->queued_us = HP_TIME_UNKNOWN;
      info->pieces = g_ptr_array_new ();
      g_hash_table_insert (runs, (gpointer) key, info);
      g_ptr_array_add (order, info);
    }
  return info;
}

static void
run_info_free (gpointer data)
{
  RunInfo *info = data;

  g_ptr_array_unref (info->pieces);
  g_free (info);
}

static const char *
run_key_for (Reader      *r,
             const Event *e)
{
  ProcessInfo *process;
  g_autofree char *key = NULL;

  if (e->run_id != NULL)
    return e->run_id;
  process = g_hash_table_lookup (r->processes, e->pid);
  if (process != NULL && process->run_id != NULL)
    return process->run_id;
  key = g_strdup_printf ("pid-%s", e->pid);
  return g_intern_string (key);
}

static Piece *
new_piece (Reader      *r,
           const Event *e,
           const char  *node_id,
           HpNodeStatus status)
{
  Piece *piece = g_new0 (Piece, 1);

  piece->node_run = hp_node_run_new (node_id, status);
  piece->serial = r->serial++;
  if (e->error != NULL)
    hp_node_run_set_error (piece->node_run, e->error);
  if (e->tokens >= 0)
    hp_node_run_set_tokens (piece->node_run, e->tokens);
  if (!isnan (e->cost))
    hp_node_run_set_cost (piece->node_run, e->cost, e->currency);
  g_ptr_array_add (r->pieces, piece);
  return piece;
}

static gboolean
add_graph_node (Reader      *r,
                const Event *e,
                const char  *node_id,
                gsize        event_offset)
{
  const char *type = e->type != NULL ? e->type : e->cat;
  const char *title = e->title;
  guint max = _hp_format_limits ()->max_graph_nodes;

  if (hp_workflow_graph_lookup_node (r->graph, node_id) != NULL)
    return TRUE;
  /* Every new event name is a node: the same limit as the native reader's. */
  if (hp_workflow_graph_get_n_nodes (r->graph) >= max)
    return hp_json_scanner_fail_at (r->scanner, event_offset, NULL, HP_FORMAT_ERROR_TOO_LARGE,
                                    /* Translators: the limit, the number of events read, the limit */
                                    _("more than %u different nodes in the first %u trace events; "
                                      "Hotpath opens profiles with up to %u workflow nodes"),
                                    max, r->n_events, max);
  /* A node named by args.node_id keeps the event name as its title. */
  if (title == NULL && e->node_id != NULL && e->name != NULL && e->name != node_id && e->name != type)
    title = e->name;
  hp_workflow_graph_add_node (r->graph, node_id, type, title, NULL);
  return TRUE;
}

static HpNodeStatus
status_of (const Event  *e,
           HpNodeStatus  fallback)
{
  HpNodeStatus status;

  if (e->status != NULL && hp_node_status_from_string (e->status, &status))
    return status;
  return fallback;
}

/* Turns one event into a piece of a run, a process description or
 * nothing (counters, flows, instant marks without a node). */
static gboolean
take_event (Reader *r,
            Event  *e,
            gsize   event_offset)
{
  HpJsonScanner *s = r->scanner;
  const char *node_id = e->node_id != NULL ? e->node_id : e->name;
  Piece *piece;

  if (e->ph == 'M')
    {
      ProcessInfo *info;

      if (e->name == NULL || strcmp (e->name, "process_name") != 0 || e->pid == NULL)
        return TRUE;
      info = g_hash_table_lookup (r->processes, e->pid);
      if (info == NULL)
        {
          info = g_new0 (ProcessInfo, 1);
          info->started_us = info->finished_us = HP_TIME_UNKNOWN;
          g_hash_table_insert (r->processes, (gpointer) e->pid, info);
        }
      info->process = e->process;
      info->run_id = e->run_id;
      info->run_status = e->run_status;
      g_free (info->note);
      info->note = g_steal_pointer (&e->note);
      info->started_us = e->started_us;
      info->finished_us = e->finished_us;
      if (e->workflow_id != NULL)
        r->workflow_id = e->workflow_id;
      if (e->workflow_name != NULL)
        r->workflow_name = e->workflow_name;
      return TRUE;
    }

  if (e->ph != 'X' && e->ph != 'B' && e->ph != 'E' && e->ph != 'i' && e->ph != 'I')
    return TRUE;
  if ((e->ph == 'i' || e->ph == 'I') && e->node_id == NULL)
    return TRUE;

  if (e->pid == NULL)
    e->pid = g_intern_string ("0");
  if (e->tid == NULL)
    e->tid = g_intern_string ("0");
  if (e->ts == HP_TIME_UNKNOWN)
    return hp_json_scanner_fail_at (s, event_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                    _("the event has no “ts”, expected its time in microseconds"));

  if (e->ph == 'E')
    {
      g_autofree char *stack_key = g_strdup_printf ("%s\x1f%s", e->pid, e->tid);
      GPtrArray *stack = g_hash_table_lookup (r->stacks, g_intern_string (stack_key));
      gint64 start;

      if (stack == NULL || stack->len == 0)
        return hp_json_scanner_fail_at (s, event_offset, NULL, HP_FORMAT_ERROR_VALUE,
                                        /* Translators: process and thread ids from the trace */
                                        _("an end event (\"ph\": \"E\") without a begin event before it on "
                                        "pid %s, tid %s"), e->pid, e->tid);
      piece = g_ptr_array_steal_index (stack, stack->len - 1);
      start = hp_node_run_get_start_us (piece->node_run);
      if (e->ts < start)
        {
          /* As text: xgettext skips messages with G_GINT64_FORMAT inside. */
          g_autofree char *begin = g_strdup_printf ("%" G_GINT64_FORMAT, start);

          /* Translators: "ts" is the trace's time member, %s its value at the begin event */
          return hp_json_scanner_fail_at (s, e->ts_offset, NULL, HP_FORMAT_ERROR_VALUE,
                                          _("the end event is before its begin event, expected ts ≥ %s"),
                                          begin);
        }
      hp_node_run_set_times (piece->node_run, start, e->ts);
      if (e->status != NULL)
        hp_node_run_set_status (piece->node_run, status_of (e, HP_NODE_STATUS_COMPLETED));
      if (e->error != NULL)
        hp_node_run_set_error (piece->node_run, e->error);
      return TRUE;
    }

  if (node_id == NULL)
    return hp_json_scanner_fail_at (s, event_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                    _("the event has neither “name” nor “args.node_id”, expected one to name the node"));

  /* Each event from here on makes one node run (about 190 bytes of
   * model): stop at the limit before holding more, and say how far the
   * trace got. Events that make nothing (counters, E, metadata) cost
   * no memory and are not counted. */
  if (r->pieces->len >= _hp_format_limits ()->max_node_runs)
    {
      guint max = _hp_format_limits ()->max_node_runs;

      return hp_json_scanner_fail_at (s, event_offset, NULL, HP_FORMAT_ERROR_TOO_LARGE,
                                      /* Translators: the limit, the number of events read, the limit */
                                      _("more than %u node runs in the first %u trace events; "
                                        "Hotpath opens profiles with up to %u node runs"),
                                      max, r->n_events, max);
    }

  if (e->ph == 'X')
    {
      /* Hotpath's own queue wait: not a node. */
      if (e->run_id != NULL && e->cat != NULL && strcmp (e->cat, "queue") == 0 &&
          e->node_id == NULL)
        {
          piece = new_piece (r, e, e->run_id, HP_NODE_STATUS_SKIPPED);
          hp_node_run_set_times (piece->node_run, e->ts, HP_TIME_UNKNOWN);
          g_object_set_data (G_OBJECT (piece->node_run), "hp-queue", GINT_TO_POINTER (1));
          piece->run_key = run_key_for (r, e);
          return TRUE;
        }
      if (e->dur == HP_TIME_UNKNOWN)
        return hp_json_scanner_fail_at (s, event_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                        _("the complete event (\"ph\": \"X\") has no “dur”, expected its duration "
                                        "in microseconds"));
      piece = new_piece (r, e, node_id, status_of (e, HP_NODE_STATUS_COMPLETED));
      hp_node_run_set_times (piece->node_run, e->ts, e->ts + e->dur);
    }
  else if (e->ph == 'B')
    {
      g_autofree char *stack_key = g_strdup_printf ("%s\x1f%s", e->pid, e->tid);
      const char *interned = g_intern_string (stack_key);
      GPtrArray *stack = g_hash_table_lookup (r->stacks, interned);

      piece = new_piece (r, e, node_id, status_of (e, HP_NODE_STATUS_COMPLETED));
      hp_node_run_set_times (piece->node_run, e->ts, HP_TIME_UNKNOWN);
      if (stack == NULL)
        {
          stack = g_ptr_array_new ();
          g_hash_table_insert (r->stacks, (gpointer) interned, stack);
        }
      g_ptr_array_add (stack, piece);
    }
  else
    {
      /* An instant node mark: Hotpath writes cached nodes so. */
      piece = new_piece (r, e, node_id, status_of (e, HP_NODE_STATUS_CACHED));
      hp_node_run_set_times (piece->node_run, e->ts, HP_TIME_UNKNOWN);
    }

  piece->run_key = run_key_for (r, e);
  return add_graph_node (r, e, node_id, event_offset);
}

static gboolean
read_event (Reader *r)
{
  HpJsonScanner *s = r->scanner;
  Event e = { 0, };
  const char *key;
  gsize key_length;
  gsize event_offset;
  gboolean ok = TRUE;

  e.ts = e.dur = HP_TIME_UNKNOWN;
  e.tokens = -1;
  e.cost = NAN;
  e.started_us = e.finished_us = HP_TIME_UNKNOWN;

  if (hp_json_scanner_peek (s) != HP_JSON_VALUE_OBJECT)
    return hp_json_scanner_fail_type (s, N_("an object (a trace event)"));
  if (!hp_json_scanner_begin_object (s))
    return FALSE;
  event_offset = hp_json_scanner_get_offset (s);

  while (ok && hp_json_scanner_next_member (s, &key, &key_length))
    {
      if (KEY_IS (key, key_length, "ph"))
        {
          const char *ph;
          gsize ph_length;

          if (hp_json_scanner_peek (s) != HP_JSON_VALUE_STRING)
            ok = hp_json_scanner_fail_type (s, N_("a phase letter (a string)"));
          else if ((ok = hp_json_scanner_read_string (s, &ph, &ph_length)))
            e.ph = ph_length == 1 ? ph[0] : '?';
        }
      else if (KEY_IS (key, key_length, "name"))
        ok = read_string_or_null (r, &e.name);
      else if (KEY_IS (key, key_length, "cat"))
        ok = read_string_or_null (r, &e.cat);
      else if (KEY_IS (key, key_length, "pid"))
        ok = read_id (r, &e.pid);
      else if (KEY_IS (key, key_length, "tid"))
        ok = read_id (r, &e.tid);
      else if (KEY_IS (key, key_length, "ts"))
        {
          hp_json_scanner_peek (s);
          e.ts_offset = hp_json_scanner_get_offset (s);
          ok = read_us (r, TRUE, &e.ts);
        }
      else if (KEY_IS (key, key_length, "dur"))
        ok = read_us (r, FALSE, &e.dur);
      else if (KEY_IS (key, key_length, "args"))
        ok = read_args (r, &e);
      else
        ok = hp_json_scanner_skip_value (s);
    }
  ok = ok && !hp_json_scanner_failed (s);

  if (ok && e.ph == '\0')
    ok = hp_json_scanner_fail_at (s, event_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                  _("the event has no “ph”, expected its phase (\"X\", \"B\", \"E\", …)"));
  if (ok)
    ok = take_event (r, &e, event_offset);
  event_clear (&e);
  return ok;
}

static gboolean
read_events (Reader *r)
{
  HpJsonScanner *s = r->scanner;

  if (hp_json_scanner_peek (s) != HP_JSON_VALUE_ARRAY)
    return hp_json_scanner_fail_type (s, N_("an array of trace events"));
  if (!hp_json_scanner_begin_array (s))
    return FALSE;
  while (hp_json_scanner_next_element (s, NULL))
    {
      r->n_events++;
      if (!read_event (r))
        return FALSE;
    }
  return !hp_json_scanner_failed (s);
}

static gboolean
read_document (Reader *r)
{
  HpJsonScanner *s = r->scanner;
  const char *key;
  gsize key_length;
  gboolean seen = FALSE;
  gsize object_offset;

  if (!hp_json_scanner_start (s))
    return FALSE;
  if (hp_json_scanner_peek (s) == HP_JSON_VALUE_ARRAY)
    return read_events (r) && hp_json_scanner_finish (s);
  if (hp_json_scanner_peek (s) != HP_JSON_VALUE_OBJECT)
    return hp_json_scanner_fail_type (s, N_("an object with traceEvents, or an array of events"));

  if (!hp_json_scanner_begin_object (s))
    return FALSE;
  object_offset = hp_json_scanner_get_offset (s);
  while (hp_json_scanner_next_member (s, &key, &key_length))
    {
      if (KEY_IS (key, key_length, "traceEvents"))
        {
          if (seen)
            return hp_json_scanner_fail (s, HP_FORMAT_ERROR_DUPLICATE,
                                         _("member “traceEvents” appears twice in this object"));
          seen = TRUE;
          if (!read_events (r))
            return FALSE;
        }
      else if (!hp_json_scanner_skip_value (s))
        return FALSE;
    }
  if (hp_json_scanner_failed (s))
    return FALSE;
  if (!seen)
    return hp_json_scanner_fail_at (s, object_offset, NULL, HP_FORMAT_ERROR_MISSING,
                                    _("the member “traceEvents” is missing, expected an array of events"));
  return hp_json_scanner_finish (s);
}

static int
compare_pieces (gconstpointer a,
                gconstpointer b)
{
  const Piece *pa = *(Piece * const *) a;
  const Piece *pb = *(Piece * const *) b;
  gint64 ta = hp_node_run_get_start_us (pa->node_run);
  gint64 tb = hp_node_run_get_start_us (pb->node_run);

  if (ta != tb)
    return ta < tb ? -1 : 1;
  return pa->serial < pb->serial ? -1 : pa->serial > pb->serial ? 1 : 0;
}

static HpRun *
build_run (Reader  *r,
           RunInfo *info)
{
  g_autoptr(HpRun) run = hp_run_new (info->key);
  ProcessInfo *process = g_hash_table_lookup (r->processes, info->pid);
  gint64 first = G_MAXINT64, last = G_MININT64;
  gboolean any_failed = FALSE, any_open = FALSE;
  HpRunStatus status;

  g_ptr_array_sort (info->pieces, compare_pieces);
  for (guint i = 0; i < info->pieces->len; i++)
    {
      Piece *piece = g_ptr_array_index (info->pieces, i);
      HpNodeRun *node_run = piece->node_run;
      gint64 start = hp_node_run_get_start_us (node_run);
      gint64 end = hp_node_run_get_end_us (node_run);

      if (g_object_get_data (G_OBJECT (node_run), "hp-queue") != NULL)
        {
          info->queued_us = start;
          continue;
        }
      /* A begin without its end: the trace stopped while it ran. */
      if (end == HP_TIME_UNKNOWN && hp_node_run_get_status (node_run) == HP_NODE_STATUS_COMPLETED)
        {
          hp_node_run_set_status (node_run, HP_NODE_STATUS_RUNNING);
          any_open = TRUE;
        }
      any_failed |= hp_node_run_get_status (node_run) == HP_NODE_STATUS_FAILED;
      first = MIN (first, start);
      if (end != HP_TIME_UNKNOWN)
        last = MAX (last, end);
      hp_run_add_node_run (run, node_run);
    }

  hp_run_set_queued_us (run, info->queued_us);
  if (process != NULL && process->started_us != HP_TIME_UNKNOWN)
    hp_run_set_started_us (run, process->started_us);
  else if (first != G_MAXINT64)
    hp_run_set_started_us (run, first);
  if (process != NULL && process->finished_us != HP_TIME_UNKNOWN)
    hp_run_set_finished_us (run, process->finished_us);
  else if (last != G_MININT64 && !any_open)
    hp_run_set_finished_us (run, last);

  if (process != NULL && process->run_status != NULL && hp_run_status_from_string (process->run_status, &status))
    hp_run_set_status (run, status);
  else
    hp_run_set_status (run, any_failed ? HP_RUN_STATUS_FAILED :
                            any_open ? HP_RUN_STATUS_INTERRUPTED : HP_RUN_STATUS_SUCCEEDED);

  if (process != NULL && process->note != NULL)
    hp_run_set_note (run, process->note);
  else if (process != NULL && process->process != NULL && process->run_id == NULL)
    {
      /* Translators: %s is a process name from a Chrome trace */
      g_autofree char *note = g_strdup_printf (_("Process “%s” of a Chrome trace"), process->process);

      hp_run_set_note (run, note);
    }
  return g_steal_pointer (&run);
}

/**
 * hp_chrome_trace_read:
 * @data: Chrome trace event JSON (an object with traceEvents, or an array)
 * @length: its length in bytes
 * @source_name: the name used in error messages
 *
 * Reads one run per process (pid), or per args.run_id where events carry
 * one; the run is named by the process metadata's args.run_id (Hotpath's
 * own export), else "pid-N". Complete events ('X', ts and dur in µs) and
 * begin/end pairs ('B'/'E', per pid and tid) become node runs; the node
 * id is args.node_id, else the event name; the type args.type, else the
 * category; status, error, tokens and cost come from args. Instant events
 * with args.node_id are cached nodes. A begin without an end leaves the
 * node running and the run interrupted. Run times come from the process
 * metadata when Hotpath wrote them, else from the first start and the
 * last end. Other phases (counters, flows, async) are skipped.
 * A trace with more node runs or different nodes than the format limits
 * allow (hp-format-limits.h) is refused at the first event past them,
 * with %HP_FORMAT_ERROR_TOO_LARGE.
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error
 *   set (%HP_FORMAT_ERROR, SOURCE:LINE:COL: JSONPATH: message)
 */
HpProfile *
hp_chrome_trace_read (const char  *data,
                      gsize        length,
                      const char  *source_name,
                      GError     **error)
{
  g_autoptr(HpJsonScanner) scanner = NULL;
  g_autoptr(HpProfile) profile = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GHashTable) processes = NULL;
  g_autoptr(GHashTable) stacks = NULL;
  g_autoptr(GHashTable) runs = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GPtrArray) built = NULL;
  Reader r = { 0, };

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scanner = hp_json_scanner_new (data != NULL ? data : "", length, source_name);
  profile = hp_profile_new ();
  pieces = g_ptr_array_new_with_free_func (piece_free);
  processes = g_hash_table_new_full (NULL, NULL, NULL, process_info_free);
  stacks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  runs = g_hash_table_new_full (NULL, NULL, NULL, run_info_free);
  order = g_ptr_array_new ();
  built = g_ptr_array_new_with_free_func (g_object_unref);

  r.scanner = scanner;
  r.graph = hp_profile_get_graph (profile);
  r.pieces = pieces;
  r.processes = processes;
  r.stacks = stacks;

  if (!read_document (&r))
    {
      g_propagate_error (error, hp_json_scanner_take_error (scanner));
      return NULL;
    }

  /* Metadata may come after the events it names: runs are keyed now. */
  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *piece = g_ptr_array_index (pieces, i);
      const char *pid = NULL;
      const char *key = piece->run_key;

      /* "pid-N" keys name their pid; look the run id up again in case
       * the process metadata came later. */
      if (g_str_has_prefix (key, "pid-"))
        {
          ProcessInfo *process;

          pid = g_intern_string (key + 4);
          process = g_hash_table_lookup (processes, pid);
          if (process != NULL && process->run_id != NULL)
            key = process->run_id;
        }
      else
        {
          GHashTableIter iter;
          gpointer k, v;

          g_hash_table_iter_init (&iter, processes);
          while (pid == NULL && g_hash_table_iter_next (&iter, &k, &v))
            if (((ProcessInfo *) v)->run_id == key)
              pid = k;
        }
      g_ptr_array_add (lookup_run (runs, order, key, pid)->pieces, piece);
    }

  for (guint i = 0; i < order->len; i++)
    g_ptr_array_add (built, build_run (&r, g_ptr_array_index (order, i)));

  if (r.workflow_id != NULL)
    hp_workflow_graph_set_id (r.graph, r.workflow_id);
  hp_workflow_graph_set_name (r.graph, r.workflow_name != NULL ? r.workflow_name : "Chrome trace");
  if (built->len > 0 && !hp_profile_add_runs (profile, (HpRun **) built->pdata, built->len, NULL))
    {
      g_set_error (error, HP_FORMAT_ERROR, HP_FORMAT_ERROR_DUPLICATE,
                   /* Translators: a file name */
                   _("%s: two processes carry the same run id"), source_name);
      return NULL;
    }
  return g_steal_pointer (&profile);
}
