/*
 * What the core's unit tests share (core-harness.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "core-harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Called by scripted-lib.c, resolved in this program. */
int scripted_init(const int *self, int argc, const char **argv);
void scripted_fini(const int *self);

const LibScript *lib_script;

static GString *lib_log;
static char *stderr_path;

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

void harness_capture_stderr(void)
{
    g_free(stderr_path);
    int fd = g_file_open_tmp("test-core-XXXXXX.err", &stderr_path, NULL);
    ck_assert_int_ge(fd, 0);
    fflush(stderr);
    ck_assert_int_eq(dup2(fd, STDERR_FILENO), STDERR_FILENO);
    close(fd);
}

char *harness_stderr(void)
{
    fflush(stderr);
    char *text = NULL;
    ck_assert_msg(g_file_get_contents(stderr_path, &text, NULL, NULL),
                  "cannot read %s", stderr_path);
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
