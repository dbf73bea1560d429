/*
 * What the core's unit tests share (core-harness.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "core-harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Called by scripted-lib.c, resolved in this program. */
int scripted_init(const int *self, int argc, const char **argv);
void scripted_fini(const int *self);

const LibScript *lib_script;

static GString *lib_log;

void harness_log(const char *fmt, ...)
{
    if (lib_log == NULL) {
        lib_log = g_string_new(NULL);
    }
    if (lib_log->len > 0) {
        g_string_append_c(lib_log, ' ');
    }
    va_list ap;
    va_start(ap, fmt);
    g_string_append_vprintf(lib_log, fmt, ap);
    va_end(ap);
}

const char *harness_lib_log(void)
{
    return lib_log ? lib_log->str : "";
}

int scripted_init(const int *self, int argc, const char **argv)
{
    harness_log("init %s", qi_library_id_by(self));
    if (lib_script == NULL || lib_script->init == NULL) {
        return 0;
    }
    return lib_script->init(self, argc, argv);
}

void scripted_fini(const int *self)
{
    harness_log("fini %s", qi_library_id_by(self));
    if (lib_script != NULL && lib_script->fini != NULL) {
        lib_script->fini(self);
    }
}

/* The capture file, unlinked at once: read through this descriptor. */
static int capture_fd = -1;

void harness_capture_stderr(void)
{
    g_autofree char *path = NULL;
    int fd = g_file_open_tmp("test-core-XXXXXX.err", &path, NULL);
    ck_assert_int_ge(fd, 0);
    unlink(path);
    fflush(stderr);
    ck_assert_int_eq(dup2(fd, STDERR_FILENO), STDERR_FILENO);
    if (capture_fd >= 0) {
        close(capture_fd);
    }
    capture_fd = fd;
}

char *harness_stderr(void)
{
    fflush(stderr);
    struct stat st;
    ck_assert_int_eq(fstat(capture_fd, &st), 0);
    char *text = g_malloc(st.st_size + 1);
    ck_assert_int_eq(pread(capture_fd, text, st.st_size, 0), st.st_size);
    text[st.st_size] = '\0';
    return text;
}

int harness_run_child(void (*scenario)(void), char **err)
{
    harness_capture_stderr();
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        scenario();
        fflush(NULL);
        _exit(0);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    *err = harness_stderr();
    return status;
}

GThread *harness_thread(GThreadFunc fn, gpointer data)
{
    return g_thread_new("test", fn, data);
}

bool harness_wait_flag(const int *flag)
{
    for (int waited = 0; waited < 5000; waited++) {
        if (g_atomic_int_get(flag)) {
            return true;
        }
        g_usleep(1000);
    }
    return false;
}
