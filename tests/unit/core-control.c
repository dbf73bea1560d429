/*
 * Unit tests: monitors' requests applied at safe points (control.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "core-harness.h"
#include "fake-backend.h"
#include "instrument/callbacks.h"
#include "instrument/control.h"
#include "instrument/registry.h"

/* The runtime with control on, as with a monitor; vCPU 0 started. */
static void start_with_control(FakeFamily family)
{
    harness_capture_stderr();
    fake_install(family, NULL);
    control_enable();
    callbacks_sync();
}

/* A request made on a monitor's thread, and its reply. */
typedef struct Call {
    LibrarySpec *load; /* a load, or */
    const char *unload;
    char *id;
    gboolean ok;
    GError *error;
    int done;
} Call;

static gpointer call_control(gpointer data)
{
    Call *c = data;
    if (c->load != NULL) {
        c->id = control_runtime.load(c->load, &c->error);
        c->ok = c->id != NULL;
    } else {
        c->ok = control_runtime.unload(c->unload, &c->error);
    }
    g_atomic_int_set(&c->done, 1);
    return NULL;
}

/*
 * Make @c on a thread of its own, run blocks on vCPU 0 until it is
 * answered, and return how many safe points that took.
 */
static unsigned int request(Call *c)
{
    GThread *thread = harness_thread(call_control, c);
    unsigned int before = fake_resets();
    for (int i = 0; i < 5000 && !g_atomic_int_get(&c->done); i++) {
        fake_run(0, 0x1000, 4);
        g_usleep(1000);
    }
    g_thread_join(thread);
    return fake_resets() - before;
}

static GString *events;

static void listen(const char *event, const LibraryInfo *library, void *data)
{
    ck_assert_ptr_eq(data, &events);
    g_string_append_printf(events, "%s%s %s", events->len ? " " : "", event,
                           library->id);
}

/* Loads and unloads wait for a safe point, are applied there, and reply. */
START_TEST(test_requests_at_safe_points)
{
    start_with_control((FakeFamily)_i);
    events = g_string_new(NULL);
    control_runtime.subscribe(listen, &events);

    Call load = { .load = library_spec_new(SCRIPTED_LIB, NULL) };
    GThread *thread = harness_thread(call_control, &load);
    g_usleep(100 * 1000); /* no vCPU runs: nothing may change */
    ck_assert_int_eq(g_atomic_int_get(&load.done), 0);
    ck_assert_uint_eq(library_registry->len, 0);
    ck_assert_str_eq(harness_lib_log(), "");
    ck_assert_uint_eq(fake_resets(), 0);
    for (int i = 0; i < 5000 && !g_atomic_int_get(&load.done); i++) {
        fake_run(0, 0x1000, 4);
        g_usleep(1000);
    }
    g_thread_join(thread);
    ck_assert_uint_eq(fake_resets(), 1);
    ck_assert_msg(load.ok, "load failed: %s", load.error->message);
    ck_assert_str_eq(load.id, "lib0");
    ck_assert_str_eq(harness_lib_log(), "init lib0");
    ck_assert_uint_eq(library_registry->len, 1);
    ck_assert_str_eq(events->str, "INSTR_LOAD lib0");

    Call unload = { .unload = "lib0" };
    ck_assert_uint_eq(request(&unload), 1);
    ck_assert(unload.ok);
    ck_assert_str_eq(harness_lib_log(), "init lib0 fini lib0");
    ck_assert_uint_eq(library_registry->len, 0);
    ck_assert_str_eq(events->str, "INSTR_LOAD lib0 INSTR_UNLOAD lib0");

    Call unknown = { .unload = "nope" };
    ck_assert_uint_eq(request(&unknown), 1);
    ck_assert(!unknown.ok);
    ck_assert_str_eq(unknown.error->message, "no library with id 'nope'");

    Call broken = { .load = library_spec_new(TEST_LIB("no-init.so"), "b") };
    ck_assert_uint_eq(request(&broken), 1);
    ck_assert(!broken.ok);
    ck_assert_str_eq(broken.error->message,
                     "library b (" TEST_LIB("no-init.so") "): no qi_init "
                     "function");
    ck_assert_uint_eq(library_registry->len, 0);
    /* Failed requests are not announced. */
    ck_assert_str_eq(events->str, "INSTR_LOAD lib0 INSTR_UNLOAD lib0");
}
END_TEST

/*
 * Every block polls for requests: a call on v1, an inline test of the
 * vCPU's flag on v2; it asks for a safe point only when one waits.
 */
START_TEST(test_blocks_poll)
{
    start_with_control((FakeFamily)_i);
    FakeTB *tb = fake_translate(0x1000, 4);
    size_t n;
    const FakeWork *work = fake_work(tb, -1, &n);
    ck_assert_uint_eq(n, 1);
    if (_i == FAKE_V1) {
        ck_assert_int_eq(work[0].kind, FAKE_EXEC);
    } else {
        ck_assert_int_eq(work[0].kind, FAKE_EXEC_IF);
        ck_assert_int_eq(work[0].cond, QI_COND_EQ);
        ck_assert_uint_eq(work[0].value, 1);
    }
    fake_exec(tb, 0);
    ck_assert_uint_eq(fake_resets(), 0);
}
END_TEST

/* No vCPU reaches a safe point: the request fails and changes nothing. */
START_TEST(test_request_timeout)
{
    start_with_control(FAKE_V2);
    Call load = { .load = library_spec_new(SCRIPTED_LIB, NULL) };
    call_control(&load);
    ck_assert(!load.ok);
    ck_assert_str_eq(load.error->message,
                     "not applied: no vCPU reached a safe point within 5 s "
                     "(is every vCPU halted or blocked?); nothing changed");
    /*
     * The withdrawn request is not applied later, and the poll it raised
     * is lowered: no needless safe point (one would flush QEMU's code).
     */
    unsigned int resets = fake_resets();
    fake_run(0, 0x1000, 4);
    ck_assert_uint_eq(fake_resets(), resets);
    ck_assert_uint_eq(library_registry->len, 0);
    ck_assert_str_eq(harness_lib_log(), "");
}
END_TEST

Suite *control_suite(void)
{
    Suite *suite = suite_create("control");
    TCase *tc = tcase_create("requests");
    tcase_set_timeout(tc, 20);
    tcase_add_loop_test(tc, test_requests_at_safe_points, FAKE_V1, FAKE_V2 + 1);
    tcase_add_loop_test(tc, test_blocks_poll, FAKE_V1, FAKE_V2 + 1);
    tcase_add_test(tc, test_request_timeout);
    suite_add_tcase(suite, tc);
    return suite;
}
