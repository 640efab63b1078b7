/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Tests only: makes hp_profile_save_file() fail as on a full disk
 * (@error_number ENOSPC after @after_bytes) or a folder it cannot write
 * (EACCES, @after_bytes -1). @error_number 0 turns the fault off. */
void _hp_profile_io_set_save_fault (int    error_number,
                                    gint64 after_bytes);

G_END_DECLS
