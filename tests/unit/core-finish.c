/*
 * Unit tests: the end of a run (finish.c, quiesce.c): the libraries
 * finish last loaded first, once; a second caller waits for the first; a
 * qi_fini that never returns is named by the watchdog, which finishes the
 * others and ends the process; a thread entering the runtime after the
 * world stopped parks at the gate.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "core-harness.h"
#include "fake-backend.h"
#include "instrument/finish.h"

START_TEST(test_finish_order)
{
    harness_capture_stderr();
    const char *items[] = { SCRIPTED_ITEM, SCRIPTED_ITEM, SCRIPTED_ITEM,
                            NULL };
    fake_install((FakeFamily)_i, items);
    fake_exit();
    ck_assert_str_eq(harness_lib_log(), "init lib0 init lib1 init lib2 "
                                        "fini lib2 fini lib1 fini lib0");
    fake_exit(); /* QEMU exits once, but finishing twice finishes nothing */
    finish_run(FINISH_QEMU_STOPPED, 0);
    ck_assert_str_eq(harness_lib_log(), "init lib0 init lib1 init lib2 "
                                        "fini lib2 fini lib1 fini lib0");
}
END_TEST

/* A qi_fini that takes 300 ms; flags for the thread that waits. */
static int in_fini, fini_done;

static void slow_fini(const int *self)
{
    (void)self;
    g_atomic_int_set(&in_fini, 1);
    g_usleep(300 * 1000);
    g_atomic_int_set(&fini_done, 1);
}

static const LibScript slow_finishing = { .fini = slow_fini };

static gpointer finish_too(gpointer data)
{
    int *saw_done = data;
    ck_assert(harness_wait_flag(&in_fini));
    finish_run(FINISH_QEMU_STOPPED, 0);
    *saw_done = g_atomic_int_get(&fini_done);
    return NULL;
}

START_TEST(test_second_finish_waits)
{
    lib_script = &slow_finishing;
    harness_capture_stderr();
    const char *items[] = { SCRIPTED_ITEM, NULL };
    fake_install(FAKE_V2, items);
    int saw_done = -1;
    GThread *second = harness_thread(finish_too, &saw_done);
    fake_exit();
    g_thread_join(second);
    ck_assert_int_eq(saw_done, 1);
    ck_assert_str_eq(harness_lib_log(), "init lib0 fini lib0");
}
END_TEST

/* lib0 says when it finishes; lib1 (slow.so) sleeps 30 s in qi_fini. */
static void say_finished(const int *self)
{
    fprintf(stderr, "%s finished\n", qi_library_id_by(self));
}

static const LibScript saying = { .fini = say_finished };

static void overrun(void)
{
    g_setenv("QEMU_INSTR_FINISH_TIMEOUT", "1", TRUE);
    lib_script = &saying;
    const char *items[] = { SCRIPTED_ITEM, "lib=" TEST_LIB("slow.so"),
                            "libarg=fini=30", NULL };
    fake_install(FAKE_V2, items);
    fake_exit();
    fprintf(stderr, "the run went on\n");
}

START_TEST(test_watchdog)
{
    g_autofree char *err = NULL;
    int status = harness_run_child(overrun, &err);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 1);
    ck_assert_str_eq(err, "qemu-instr: library lib1 (" TEST_LIB("slow.so")
                          ") did not finish within 1 s "
                          "(QEMU_INSTR_FINISH_TIMEOUT): its outputs may be "
                          "incomplete; the others finish and the run ends\n"
                          "lib0 finished\n");
}
END_TEST

/* The library counts system calls; a thread makes one after the stop. */
static unsigned int syscalls_seen;

static void on_syscall(QICPU vcpu, uint64_t num, uint64_t a1, uint64_t a2,
                       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
                       uint64_t a7, uint64_t a8)
{
    (void)vcpu, (void)num, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5,
        (void)a6, (void)a7, (void)a8;
    g_atomic_int_inc(&syscalls_seen);
}

static int watch_syscalls(const int *self, int argc, const char **argv)
{
    (void)self, (void)argc, (void)argv;
    qi_event_set_guest_user_syscall(on_syscall);
    return 0;
}

static const LibScript syscall_counting = { .init = watch_syscalls };

static int late_entered, late_returned;

static gpointer late_syscall(gpointer unused)
{
    (void)unused;
    g_atomic_int_set(&late_entered, 1);
    fake_syscall(1, 999, 0, 0);
    g_atomic_int_set(&late_returned, 1); /* never: it parks */
    return NULL;
}

START_TEST(test_gate_parks_late_thread)
{
    lib_script = &syscall_counting;
    harness_capture_stderr();
    const char *items[] = { SCRIPTED_ITEM, NULL };
    fake_install((FakeFamily)_i, items);
    fake_syscall(0, 999, 0, 0);
    ck_assert_uint_eq(g_atomic_int_get(&syscalls_seen), 1);
    fake_exit();
    ck_assert_str_eq(harness_lib_log(), "init lib0 fini lib0");
    ck_assert(fake_watching_syscalls()); /* QEMU still calls in */

    GThread *late = harness_thread(late_syscall, NULL);
    g_thread_unref(late); /* parked for good: never joined */
    ck_assert(harness_wait_flag(&late_entered));
    g_usleep(200 * 1000);
    ck_assert_int_eq(g_atomic_int_get(&late_returned), 0);
    ck_assert_uint_eq(g_atomic_int_get(&syscalls_seen), 1);
}
END_TEST

Suite *finish_suite(void)
{
    Suite *suite = suite_create("finish");
    TCase *tc = tcase_create("end of run");
    tcase_set_timeout(tc, 10);
    tcase_add_loop_test(tc, test_finish_order, FAKE_V1, FAKE_V2 + 1);
    tcase_add_test(tc, test_second_finish_waits);
    tcase_add_test(tc, test_watchdog);
    tcase_add_loop_test(tc, test_gate_parks_late_thread, FAKE_V1,
                        FAKE_V2 + 1);
    suite_add_tcase(suite, tc);
    return suite;
}
