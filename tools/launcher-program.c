/*
 * The guest program of a user-mode QEMU (see launcher-program.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "launcher-program.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 0 if QEMU can run @path, else the errno that says why not. */
static int check_program(const char *path)
{
    struct stat st;

    if (stat(path, &st) != 0) {
        return errno;
    }
    if (S_ISDIR(st.st_mode)) {
        return EISDIR;
    }
    if (!S_ISREG(st.st_mode)) {
        return EACCES; /* as execve() says of a device or a FIFO */
    }
    return access(path, R_OK | X_OK) == 0 ? 0 : errno;
}

static void set_error(GError **error, const char *what, const char *why)
{
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", what, why);
}

char *qi_program_find(const char *name, const char *path, GError **error)
{
    if (*name == '\0') {
        set_error(error, "''", "the guest program is an empty word");
        return NULL;
    }
    if (strchr(name, '/') != NULL) {
        int why = check_program(name);
        if (why != 0) {
            set_error(error, name, g_strerror(why));
            return NULL;
        }
        return g_strdup(name);
    }

    const char *dirs = path != NULL ? path : QI_DEFAULT_PATH;
    g_auto(GStrv) entries = g_strsplit(dirs, ":", -1);
    g_autofree char *denied = NULL; /* the first one found but not runnable */
    int denied_why = 0;
    for (char **dir = entries; *dir; dir++) {
        g_autofree char *candidate =
            g_build_filename(**dir != '\0' ? *dir : ".", name, NULL);
        int why = check_program(candidate);
        if (why == 0) {
            return g_steal_pointer(&candidate);
        }
        /* Like the shell: skip what is absent or a directory. */
        if (why != ENOENT && why != ENOTDIR && why != EISDIR &&
            denied == NULL) {
            denied = g_steal_pointer(&candidate);
            denied_why = why;
        }
    }
    if (denied != NULL) {
        set_error(error, denied, g_strerror(denied_why));
        return NULL;
    }
    g_autofree char *where = g_strdup_printf("not found in PATH (%s)", dirs);
    set_error(error, name, where);
    return NULL;
}
