/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One libFuzzer harness, compiled once per target (tests/fuzz/meson.build):
 *   -DHP_FUZZ_READ=fn     a reader with the common signature
 *                         (data, length, source_name, error) → HpProfile*
 *   -DHP_FUZZ_EVENT_LOG   hp_event_log_read_all (ComfyUI event log)
 *   -DHP_FUZZ_MESSAGE     hp_comfy_message_parse_text (one websocket message)
 *   -DHP_FUZZ_DETECT      hp_format_detect, then hp_profile_load_data
 *   -DHP_FUZZ_REPLAY_LOG  hp_replay_log_load_data
 * Every profile a reader accepts is also written back as a Hotpath file,
 * which must read again ("nothing lost"), and as Chrome trace and CSV.
 * Each iteration frees everything it made, so LeakSanitizer reports a
 * reader's leak; a g_critical () is a crash (G_DEBUG=fatal-criticals). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hp-chrome-trace-reader.h"
#include "hp-comfy-message.h"
#include "hp-comfyui-history-reader.h"
#include "hp-comfyui-node-reader.h"
#include "hp-comfyui-workflow-reader.h"
#include "hp-dify-reader.h"
#include "hp-event-log-reader.h"
#include "hp-native-reader.h"
#include "hp-nodetool-log-reader.h"
#include "hp-nodetool-reader.h"
#include "hp-nodetool-workflow-reader.h"
#include "hp-profile-io.h"
#include "hp-replay-log.h"

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

#define SOURCE "fuzz-input"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
  g_setenv ("G_DEBUG", "fatal-criticals", TRUE);
  return 0;
}

/* An accepted profile must survive a save and a reload. */
G_GNUC_UNUSED static void
check_profile (HpProfile *profile)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) native = NULL;
  g_autoptr(GBytes) trace = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(HpProfile) again = NULL;
  gsize length;
  const char *text;

  native = hp_profile_serialize (profile, HP_FORMAT_HOTPATH, &error);
  if (native == NULL)
    {
      fprintf (stderr, "cannot write an accepted profile: %s\n", error->message);
      abort ();
    }
  text = g_bytes_get_data (native, &length);
  again = hp_native_read (text, length, "round-trip", &error);
  if (again == NULL)
    {
      fprintf (stderr, "a written profile does not read again: %s\n%.*s\n",
               error->message, (int) MIN (length, 4096), text);
      abort ();
    }

  trace = hp_profile_serialize (profile, HP_FORMAT_CHROME_TRACE, NULL);
  csv = hp_profile_serialize (profile, HP_FORMAT_CSV, NULL);
  g_assert (trace != NULL && csv != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(GError) error = NULL;

#if defined(HP_FUZZ_READ)
  g_autoptr(HpProfile) profile = HP_FUZZ_READ (text, size, SOURCE, &error);

  g_assert ((profile == NULL) != (error == NULL));
  if (profile != NULL)
    check_profile (profile);

#elif defined(HP_FUZZ_EVENT_LOG)
  g_autoptr(GPtrArray) profiles = hp_event_log_read_all (text, size, SOURCE, &error);

  g_assert ((profiles == NULL) != (error == NULL));
  for (guint i = 0; profiles != NULL && i < profiles->len; i++)
    check_profile (g_ptr_array_index (profiles, i));

#elif defined(HP_FUZZ_MESSAGE)
  g_autoptr(GPtrArray) events = hp_comfy_message_parse_text (text, size, 1718000000000000, &error);

  g_assert ((events == NULL) != (error == NULL));

#elif defined(HP_FUZZ_DETECT)
  g_autofree char *description = NULL;
  g_autoptr(HpProfile) profile = NULL;

  (void) hp_format_detect (text, size, &description);
  profile = hp_profile_load_data (text, size, SOURCE, &error);
  g_assert ((profile == NULL) != (error == NULL));
  if (profile != NULL)
    check_profile (profile);

#elif defined(HP_FUZZ_REPLAY_LOG)
  g_autoptr(HpReplayLog) log = hp_replay_log_load_data (text, size, SOURCE, &error);

  g_assert ((log == NULL) != (error == NULL));
  if (log != NULL)
    {
      g_auto(GStrv) class_types = hp_replay_log_dup_class_types (log);

      g_assert (class_types != NULL);
      for (guint i = 0; i < hp_replay_log_get_n_prompts (log); i++)
        {
          const HpReplayPrompt *prompt = hp_replay_log_get_prompt (log, i);

          g_assert (prompt->items->len == 0 ||
                    ((HpReplayItem *) g_ptr_array_index (prompt->items, prompt->items->len - 1))->offset_ms
                    == prompt->duration_ms);
        }
      (void) hp_replay_log_get_first_system_stats (log);
    }

#else
#error "compile with one of -DHP_FUZZ_READ=fn, -DHP_FUZZ_EVENT_LOG, -DHP_FUZZ_MESSAGE, -DHP_FUZZ_DETECT, -DHP_FUZZ_REPLAY_LOG"
#endif

  return 0;
}
