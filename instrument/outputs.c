/*
 * The libraries' output files (outputs.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "outputs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio_ext.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atfork.h"
#include "common/wstream.h"
#include "report.h"

typedef struct Output {
    const Library *owner;
    char *path;     /* NULL for the duplicate of standard error */
    dev_t dev;      /* the file's identity */
    ino_t ino;
} Output;

static GMutex lock;
ATFORK_GUARD(lock)
static GHashTable *outputs; /* FILE * -> Output *, every open one */

static void output_free(gpointer data)
{
    Output *o = data;
    g_free(o->path);
    g_free(o);
}

/* The open output that is the file @st describes, or NULL.  Locked. */
static const Output *writing(const struct stat *st)
{
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init(&iter, outputs);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const Output *o = value;
        if (o->path != NULL && o->dev == st->st_dev && o->ino == st->st_ino &&
            S_ISREG(st->st_mode)) {
            return o;
        }
    }
    return NULL;
}

/*
 * @path with "%p" replaced by the process id, "%w" by @lib's window index
 * (docs/windows.md; 0 for a library without windows) and "%%" by "%".
 */
static char *expand(const char *path, const Library *lib)
{
    GString *out = g_string_new(NULL);
    for (const char *c = path; *c != '\0'; c++) {
        if (c[0] == '%' && c[1] == 'p') {
            g_string_append_printf(out, "%d", (int)getpid());
            c++;
        } else if (c[0] == '%' && c[1] == 'w') {
            g_string_append_printf(out, "%u", lib ? lib->window : 0);
            c++;
        } else if (c[0] == '%' && c[1] == '%') {
            g_string_append_c(out, '%');
            c++;
        } else {
            g_string_append_c(out, *c);
        }
    }
    return g_string_free(out, FALSE);
}

FILE *outputs_open(const char *given, const Library *lib, char **why)
{
    bool to_stderr = given == NULL || strcmp(given, "-") == 0;
    g_autofree char *path = to_stderr ? NULL : expand(given, lib);
    struct stat st;
    g_mutex_lock(&lock);
    if (outputs == NULL) {
        outputs = g_hash_table_new_full(NULL, NULL, NULL, output_free);
    }
    /*
     * Checked before fopen() truncates the other library's file.  Only
     * regular files: several outputs may go to /dev/null.
     */
    const Output *other = !to_stderr && stat(path, &st) == 0 ? writing(&st)
                                                             : NULL;
    if (other != NULL) {
        *why = g_strdup_printf("cannot write %s: library %s writes it "
                               "already", path,
                               other->owner ? other->owner->id : "?");
        g_mutex_unlock(&lock);
        return NULL;
    }
    /* Streams that keep why a write failed, for qi_close_output()'s report. */
    int fd = to_stderr ? fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0)
                       : open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    bool known = !to_stderr && fd >= 0 && fstat(fd, &st) == 0;
    FILE *f = fd >= 0 ? wstream_fdopen(fd) : NULL;
    if (f == NULL) {
        int err = errno;
        g_mutex_unlock(&lock);
        *why = g_strdup_printf("cannot write %s: %s",
                               to_stderr ? "standard error" : path,
                               g_strerror(err));
        return NULL;
    }
    Output *o = g_new0(Output, 1);
    o->owner = lib;
    if (known) {
        o->path = g_strdup(path);
        o->dev = st.st_dev;
        o->ino = st.st_ino;
    }
    g_hash_table_insert(outputs, f, o);
    g_mutex_unlock(&lock);
    return f;
}

int outputs_close(FILE *f)
{
    if (f == NULL) {
        return 0;
    }
    gpointer o = NULL;
    g_mutex_lock(&lock);
    if (outputs != NULL) {
        g_hash_table_steal_extended(outputs, f, NULL, &o);
    }
    g_mutex_unlock(&lock);
    /* errno of the first failed write (wstream.h), not a guess */
    int err = fclose(f) != 0 ? errno : 0;
    const Output *out = o;
    if (err != 0) {
        report_loss("library %s: writing %s failed: %s",
               out && out->owner ? out->owner->id : "?",
               out && out->path ? out->path : "standard error",
               g_strerror(err));
    }
    if (o != NULL) {
        output_free(o);
    }
    return err != 0 ? -1 : 0;
}

/* Drop @owner's outputs from the table; with @close, close them unwritten. */
static void drop_owned(const void *owner, bool close)
{
    g_mutex_lock(&lock);
    GHashTableIter iter;
    gpointer f, value;
    if (outputs != NULL) {
        g_hash_table_iter_init(&iter, outputs);
        while (g_hash_table_iter_next(&iter, &f, &value)) {
            if (((Output *)value)->owner != owner) {
                continue;
            }
            if (close) {
                __fpurge(f); /* the parent writes these bytes, not us */
                fclose(f);
            }
            g_hash_table_iter_remove(&iter);
        }
    }
    g_mutex_unlock(&lock);
}

void outputs_abandon(const void *owner)
{
    drop_owned(owner, true);
}

void outputs_forget(const void *owner)
{
    drop_owned(owner, false);
}
