/*
 * What the core's unit tests (test-core) share: the scripted library
 * (scripted-lib.c) and its log, paths of the test libraries, the
 * runtime's messages, and scenarios run in a child process.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_TESTS_CORE_HARNESS_H
#define QEMU_INSTR_TESTS_CORE_HARNESS_H

#include <check.h>
#include <glib.h>

#include "qemu-instr/qi.h"

/*
 * What a loaded scripted library does in qi_init and qi_fini, besides
 * logging them; @self is its qi_api_version (pass it to the *_by API).
 * Set before the library loads; NULL members do nothing (qi_init
 * returns 0).
 */
typedef struct LibScript {
    int (*init)(const int *self, int argc, const char **argv);
    void (*fini)(const int *self);
} LibScript;

extern const LibScript *lib_script;

/*
 * The scripted libraries' log: "init ID" and "fini ID" (ID: qi_library_id)
 * as they run, and what scripts add with harness_log(), separated by
 * spaces.
 */
const char *harness_lib_log(void);
void harness_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* The scripted library's file; a library of tests/libs, e.g. "slow.so". */
#define SCRIPTED_LIB CORE_TEST_UNIT_LIBS "/scripted-lib.so"
#define TEST_LIB(name) CORE_TEST_LIBS "/" name

/* The plugin item that loads the scripted library. */
#define SCRIPTED_ITEM "lib=" SCRIPTED_LIB

/*
 * Send this process's standard error (and so the runtime's messages,
 * which keep a duplicate of it) to a file; call before fake_install().
 */
void harness_capture_stderr(void);

/* Everything written to standard error since harness_capture_stderr(). */
char *harness_stderr(void);

/*
 * Run @scenario in a child process with its standard error captured:
 * returns the child's wait status and sets *@err to what it wrote (to
 * g_free).  The child exits 0 if @scenario returns.
 */
int harness_run_child(void (*scenario)(void), char **err);

/* Start @fn(@data) on a new thread (to join with g_thread_join). */
GThread *harness_thread(GThreadFunc fn, gpointer data);

/* Wait until *@flag is non-zero (at most 5 s: false if it never is). */
bool harness_wait_flag(const int *flag);

/* The test suites of test-core, one per concern. */
Suite *control_suite(void);
Suite *windows_suite(void);
Suite *counters_suite(void);
Suite *outputs_suite(void);
Suite *handles_suite(void);
Suite *lifecycle_suite(void);
Suite *finish_suite(void);
Suite *retire_suite(void);

#endif /* QEMU_INSTR_TESTS_CORE_HARNESS_H */
