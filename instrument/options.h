/*
 * Parsing the runtime plugin's arguments.
 *
 * The launcher turns `-instr file=PATH,id=ID,arg=V...` into plugin items
 * `lib=PATH`, `libid=ID`, `libarg=V` (QEMU itself owns or rewrites `file`,
 * `id` and `arg`), plus `qmp=SPEC` and `hmp=SPEC` for the monitors.  Each
 * `lib=` starts a new library; `libid=`/`libarg=` apply to the latest one.
 * `stopafterwindows=on` ends the run after the last window (windows.h).
 * `itemsfd=FD` stands for the NUL-terminated items in descriptor FD, which
 * is then closed: the launcher passes them so, as the kernel limits one
 * argument of QEMU's to 128 KiB (tools/launcher-args.h, QI_ITEMS_FD_KEY).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_OPTIONS_H
#define QEMU_INSTR_OPTIONS_H

#include <glib.h>
#include <stdbool.h>

#include "monitor/control-api.h"

/* Everything the plugin was asked to do at start-up. */
typedef struct RuntimeOptions {
    GPtrArray *libraries; /* LibrarySpec *, owned, in command-line order */
    char *qmp;            /* monitor socket specs, NULL if not asked for */
    char *hmp;
    /* Where library names are looked up, ':'-separated (loader.h) */
    char *libpath;
    /* stopafterwindows=on: end the run once every window is over */
    bool stop_after_windows;
} RuntimeOptions;

/*
 * Parse the plugin's argv.  Returns NULL and sets @error (a one-line message
 * naming the offending item) on bad input.
 */
RuntimeOptions *runtime_options_parse(int argc, const char *const *argv,
                                      GError **error);

/* Free @opts and everything it owns; NULL is ignored. */
void runtime_options_free(RuntimeOptions *opts);

#endif /* QEMU_INSTR_OPTIONS_H */
