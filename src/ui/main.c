/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "hp-application.h"
#include "hp-config.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HpApplication) app = NULL;

  hp_application_init_i18n ();
  g_set_application_name (_("Hotpath"));

  app = hp_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
