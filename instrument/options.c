/*
 * Parsing the runtime plugin's arguments (see options.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "options.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OPTIONS_ERROR g_quark_from_static_string("qemu-instr-options")

void runtime_options_free(RuntimeOptions *opts)
{
    if (opts == NULL) {
        return;
    }
    g_ptr_array_unref(opts->libraries);
    g_free(opts->qmp);
    g_free(opts->hmp);
    g_free(opts->libpath);
    g_free(opts);
}

/* A monitor item: only the first one counts, so refuse repeats. */
static gboolean set_once(char **slot, const char *key, const char *value,
                         GError **error)
{
    if (*slot != NULL) {
        g_set_error(error, OPTIONS_ERROR, 0, "plugin option '%s' given twice",
                    key);
        return FALSE;
    }
    *slot = g_strdup(value);
    return TRUE;
}

static gboolean parse_item(RuntimeOptions *opts, const char *item,
                           gboolean from_fd, GError **error);

/* The whole content of descriptor @fd, from its start; NULL on error. */
static GByteArray *read_all(int fd)
{
    GByteArray *data = g_byte_array_new();
    guint8 chunk[65536];
    ssize_t n;

    while ((n = pread(fd, chunk, sizeof(chunk), data->len)) != 0) {
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            int saved = errno;
            g_byte_array_unref(data);
            errno = saved;
            return NULL;
        }
        g_byte_array_append(data, chunk, n);
    }
    return data;
}

/*
 * `itemsfd=FD`: parse the NUL-terminated items in descriptor FD (written by
 * the launcher: one QEMU argument cannot carry more than 128 KiB), then
 * close it so that the guest does not inherit it.
 */
static gboolean parse_items_fd(RuntimeOptions *opts, const char *item,
                               const char *value, GError **error)
{
    char *end;
    errno = 0;
    long fd = strtol(value, &end, 10);
    if (*value < '0' || *value > '9' || *end != '\0' || errno != 0 ||
        fd > INT_MAX) {
        g_set_error(error, OPTIONS_ERROR, 0,
                    "plugin option '%s' needs a file descriptor number", item);
        return FALSE;
    }
    g_autoptr(GByteArray) data = read_all((int)fd);
    if (data == NULL) {
        g_set_error(error, OPTIONS_ERROR, 0,
                    "plugin option '%s': cannot read the items: %s", item,
                    g_strerror(errno));
        return FALSE;
    }
    close((int)fd);
    if (data->len > 0 && data->data[data->len - 1] != '\0') {
        g_set_error(error, OPTIONS_ERROR, 0,
                    "plugin option '%s': the last item is not NUL-terminated",
                    item);
        return FALSE;
    }
    for (guint at = 0; at < data->len;) {
        const char *next = (const char *)data->data + at;
        if (!parse_item(opts, next, TRUE, error)) {
            return FALSE;
        }
        at += strlen(next) + 1;
    }
    return TRUE;
}

static gboolean parse_item(RuntimeOptions *opts, const char *item,
                           gboolean from_fd, GError **error)
{
    const char *eq = strchr(item, '=');
    if (eq == NULL) {
        g_set_error(error, OPTIONS_ERROR, 0,
                    "plugin option '%s' is not key=value", item);
        return FALSE;
    }
    g_autofree char *key = g_strndup(item, eq - item);
    const char *value = eq + 1;
    LibrarySpec *last = opts->libraries->len
        ? g_ptr_array_index(opts->libraries, opts->libraries->len - 1)
        : NULL;

    if (strcmp(key, "lib") == 0) {
        if (*value == '\0') {
            g_set_error(error, OPTIONS_ERROR, 0,
                        "plugin option 'lib=' needs a library path");
            return FALSE;
        }
        g_ptr_array_add(opts->libraries, library_spec_new(value, NULL));
        return TRUE;
    }
    if (strcmp(key, "libid") == 0 || strcmp(key, "libarg") == 0 ||
        strcmp(key, "libwindow") == 0) {
        if (last == NULL) {
            g_set_error(error, OPTIONS_ERROR, 0,
                        "plugin option '%s' comes before any lib=", item);
            return FALSE;
        }
        if (strcmp(key, "libarg") == 0) {
            g_ptr_array_add(last->args, g_strdup(value));
            return TRUE;
        }
        if (strcmp(key, "libwindow") == 0) {
            if (!library_spec_add_window(last, value, error)) {
                g_prefix_error(error, "library '%s': ", last->path);
                return FALSE;
            }
            return TRUE;
        }
        if (last->id != NULL) {
            g_set_error(error, OPTIONS_ERROR, 0,
                        "library '%s' has two ids ('%s' and '%s')", last->path,
                        last->id, value);
            return FALSE;
        }
        if (!library_id_is_valid(value)) {
            g_set_error(error, OPTIONS_ERROR, 0,
                        "library '%s': invalid id '%s' (use letters, digits, "
                        "'_', '.' and '-')", last->path, value);
            return FALSE;
        }
        last->id = g_strdup(value);
        return TRUE;
    }
    if (strcmp(key, "qmp") == 0) {
        return set_once(&opts->qmp, key, value, error);
    }
    if (strcmp(key, "hmp") == 0) {
        return set_once(&opts->hmp, key, value, error);
    }
    if (strcmp(key, "libpath") == 0) {
        return set_once(&opts->libpath, key, value, error);
    }
    if (strcmp(key, "stopafterwindows") == 0) {
        if (strcmp(value, "on") != 0) {
            g_set_error(error, OPTIONS_ERROR, 0,
                        "plugin option '%s': expected stopafterwindows=on",
                        item);
            return FALSE;
        }
        opts->stop_after_windows = true;
        return TRUE;
    }
    if (strcmp(key, "itemsfd") == 0 && !from_fd) {
        return parse_items_fd(opts, item, value, error);
    }
    g_set_error(error, OPTIONS_ERROR, 0,
                "unknown plugin option '%s' (expected lib, libid, libarg, "
                "libwindow, qmp, hmp, libpath, stopafterwindows or itemsfd)", key);
    return FALSE;
}

RuntimeOptions *runtime_options_parse(int argc, const char *const *argv,
                                      GError **error)
{
    RuntimeOptions *opts = g_new0(RuntimeOptions, 1);
    opts->libraries =
        g_ptr_array_new_with_free_func((GDestroyNotify)library_spec_free);
    for (int i = 0; i < argc; i++) {
        if (!parse_item(opts, argv[i], FALSE, error)) {
            runtime_options_free(opts);
            return NULL;
        }
    }
    return opts;
}
