/*
 * Parsing the runtime plugin's arguments.
 *
 * The launcher turns `-instr file=PATH,id=ID,arg=V...` into plugin items
 * `lib=PATH`, `libid=ID`, `libarg=V` (QEMU itself owns or rewrites `file`,
 * `id` and `arg`), plus `qmp=SPEC` and `hmp=SPEC` for the monitors.  Each
 * `lib=` starts a new library; `libid=`/`libarg=` apply to the latest one.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_OPTIONS_H
#define QEMU_INSTR_OPTIONS_H

#include <glib.h>

/* One library to load: where from, under which id, with which arguments. */
typedef struct LibrarySpec {
    char *path;
    char *id;       /* NULL: the runtime picks one */
    GPtrArray *args; /* char *, owned */
} LibrarySpec;

/* Everything the plugin was asked to do at start-up. */
typedef struct RuntimeOptions {
    GPtrArray *libraries; /* LibrarySpec *, owned, in command-line order */
    char *qmp;            /* monitor socket specs, NULL if not asked for */
    char *hmp;
} RuntimeOptions;

/*
 * Parse the plugin's argv.  Returns NULL and sets @error (a one-line message
 * naming the offending item) on bad input.
 */
RuntimeOptions *runtime_options_parse(int argc, const char *const *argv,
                                      GError **error);

void runtime_options_free(RuntimeOptions *opts);

LibrarySpec *library_spec_new(const char *path, const char *id);
void library_spec_free(LibrarySpec *spec);

/* Is @id usable as a library id (non-empty, [A-Za-z0-9_.-] only)? */
gboolean library_id_is_valid(const char *id);

#endif /* QEMU_INSTR_OPTIONS_H */
