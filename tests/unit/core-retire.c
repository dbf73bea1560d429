/*
 * Unit tests: retired instructions across discontinuities (retire.c):
 * counts of qi_gen_tb_count_insns() and left-early calls when a block is
 * left early, on the fake QEMU (v2 reports discontinuities as QEMU 10.2
 * does on x86 in system mode; v1 reports none).  Blocks are 4-byte
 * instructions from their vaddr.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>

#include "core-harness.h"
#include "fake-backend.h"
#include "instrument/counters.h"

static QICounter *insns;
/* What the library heard: left-early calls and discontinuity events. */
static GString *heard;

static void left_early(QICPU vcpu, uint32_t retired, const uint64_t *args)
{
    g_string_append_printf(heard, "left %u %#" PRIx64 " %u; ",
                           qi_cpu_index(vcpu), args[0], retired);
}

static void discontinuity(QICPU vcpu, QIDiscontinuity kind, uint64_t from_pc,
                          uint64_t to_pc)
{
    g_string_append_printf(heard, "event %u %d %#" PRIx64 " %#" PRIx64 "; ",
                           qi_cpu_index(vcpu), (int)kind, from_pc, to_pc);
}

static void translated(QICPU vcpu, QITB *tb)
{
    (void)vcpu;
    qi_gen_tb_count_insns(tb, insns);
    QIArg vaddr = qi_arg_const(qi_tb_vaddr(tb));
    qi_gen_tb_left_early(tb, left_early, 1, &vaddr);
}

static int retire_init(const int *self, int argc, const char **argv)
{
    (void)self, (void)argc, (void)argv;
    insns = qi_counter_new();
    heard = g_string_new(NULL);
    qi_event_set_guest_tb_after_trans(translated);
    qi_event_set_discontinuity(discontinuity);
    return 0;
}

static const LibScript retiring = { .init = retire_init };

/* Load the library into a fake QEMU of @family (@system: system mode). */
static void start(FakeFamily family, bool system)
{
    lib_script = &retiring;
    harness_capture_stderr();
    if (system) {
        fake_set_system_mode(4);
    }
    const char *items[] = { SCRIPTED_ITEM, NULL };
    fake_install(family, items);
}

/*
 * System mode, x86-64: an exception at a block's third instruction, reported as
 * QEMU 10.2 does on x86 when a helper raises it (the exception names the
 * block's start, the interrupt that follows names the faulting
 * instruction): the two before it retired, the count is taken back to
 * them at the interrupt, the library hears of it, and each event comes
 * after the corrections.  When the guest resumes at the faulting
 * instruction, QEMU runs the rest as a block of its own.
 */
START_TEST(test_exception_mid_block)
{
    fake_set_x86();
    start(FAKE_V2, true);
    ck_assert_uint_eq(qi_sees_discontinuities(),
                      QI_SEEN_EXCEPTIONS | QI_SEEN_RESUMES);
    fake_run(0, 0x1000, 5);
    FakeTB *b = fake_translate(0x2000, 4);
    fake_exec_until(b, 0, 2);
    ck_assert_uint_eq(counter_get(insns, 0), 9);
    fake_discontinuity(0, QI_DISCON_EXCEPTION, 0x2000, 0x2000);
    ck_assert_uint_eq(counter_get(insns, 0), 9);
    fake_discontinuity(0, QI_DISCON_INTERRUPT, 0x2008, 0x9000);
    ck_assert_uint_eq(counter_get(insns, 0), 7);
    ck_assert_str_eq(heard->str, "event 0 2 0x2000 0x2000; left 0 0x2000 2; "
                                 "event 0 1 0x2008 0x9000; ");
    fake_run(0, 0x9000, 3);  /* the handler */
    fake_run(0, 0x2008, 2);  /* the rest, from the faulting instruction */
    ck_assert_uint_eq(counter_get(insns, 0), 7 + 3 + 2);
    ck_assert_uint_eq(counter_get(insns, 0), fake_insns_executed(0));
}
END_TEST

/* A fault at the first instruction: nothing of the block retired. */
START_TEST(test_exception_first_insn)
{
    fake_set_x86();
    start(FAKE_V2, true);
    FakeTB *b = fake_translate(0x2000, 4);
    fake_exec_until(b, 0, 0);
    fake_discontinuity(0, QI_DISCON_EXCEPTION, 0x2000, 0x2000);
    fake_discontinuity(0, QI_DISCON_INTERRUPT, 0x2000, 0x9000);
    ck_assert_uint_eq(counter_get(insns, 0), 0);
    ck_assert_str_eq(heard->str, "event 0 2 0x2000 0x2000; left 0 0x2000 0; "
                                 "event 0 1 0x2000 0x9000; ");
}
END_TEST

/* x86-64: a trap (int, last in its block) retires: nothing is taken back. */
START_TEST(test_trap_retires)
{
    fake_set_svc(0x6008);
    fake_set_x86();
    start(FAKE_V2, true);
    fake_run(0, 0x6000, 3);
    fake_discontinuity(0, QI_DISCON_EXCEPTION, 0x6008, 0x6008);
    fake_discontinuity(0, QI_DISCON_INTERRUPT, 0x6008, 0x9000);
    ck_assert_uint_eq(counter_get(insns, 0), 3);
    ck_assert_str_eq(heard->str, "event 0 2 0x6008 0x6008; "
                                 "event 0 1 0x6008 0x9000; ");
}
END_TEST

/*
 * System mode, AArch64 (as QEMU 10.2 reports it): one exception report,
 * naming the instruction that did not retire, and no interrupt after it.
 * brk last in its block: the instructions before it retired.  A load
 * faulting mid-block: it and the rest are taken back.  A load faulting
 * first in its block: nothing retired.  svc retires: from_pc is the
 * instruction after it, outside the block, and nothing is taken back.
 */
START_TEST(test_aarch64_exceptions)
{
    fake_set_svc(0x6008);
    start(FAKE_V2, true);
    fake_run(0, 0x1000, 3);
    fake_discontinuity(0, QI_DISCON_EXCEPTION, 0x1008, 0x9200);
    ck_assert_uint_eq(counter_get(insns, 0), 2);
    FakeTB *b = fake_translate(0x2000, 5);
    fake_exec_until(b, 0, 2);
    fake_discontinuity(0, QI_DISCON_EXCEPTION, 0x2008, 0x9200);
    ck_assert_uint_eq(counter_get(insns, 0), 2 + 2);
    b = fake_translate(0x3000, 4);
    fake_exec_until(b, 0, 0);
    fake_discontinuity(0, QI_DISCON_EXCEPTION, 0x3000, 0x9200);
    ck_assert_uint_eq(counter_get(insns, 0), 4);
    fake_run(0, 0x6000, 3);
    fake_discontinuity(0, QI_DISCON_EXCEPTION, 0x600c, 0x9200);
    ck_assert_uint_eq(counter_get(insns, 0), 4 + 3);
    ck_assert_str_eq(heard->str,
                     "left 0 0x1000 2; event 0 2 0x1008 0x9200; "
                     "left 0 0x2000 2; event 0 2 0x2008 0x9200; "
                     "left 0 0x3000 0; event 0 2 0x3000 0x9200; "
                     "event 0 2 0x600c 0x9200; ");
}
END_TEST

/*
 * Interrupts, taken between blocks: the next block's start, even when
 * that is the block just run (a loop) or lies inside it (a loop into its
 * middle), takes nothing back; were one taken inside a block, it would
 * leave it after the instructions before it.
 */
START_TEST(test_interrupts)
{
    start(FAKE_V2, true);
    fake_run(0, 0x3000, 6);
    fake_discontinuity(0, QI_DISCON_INTERRUPT, 0x3000, 0x9000);
    ck_assert_uint_eq(counter_get(insns, 0), 6);
    fake_run(0, 0x3000, 6);
    fake_discontinuity(0, QI_DISCON_INTERRUPT, 0x3008, 0x9000);
    ck_assert_uint_eq(counter_get(insns, 0), 12);
    fake_run(0, 0x3008, 4);
    FakeTB *b = fake_translate(0x4000, 5);
    fake_exec_until(b, 0, 3);
    fake_discontinuity(0, QI_DISCON_INTERRUPT, 0x400c, 0x9000);
    ck_assert_uint_eq(counter_get(insns, 0), 16 + 3);
    ck_assert_uint_eq(counter_get(insns, 0), fake_insns_executed(0));
    ck_assert_str_eq(heard->str, "event 0 1 0x3000 0x9000; "
                                 "event 0 1 0x3008 0x9000; left 0 0x4000 3; "
                                 "event 0 1 0x400c 0x9000; ");
}
END_TEST

/*
 * One departure is taken back once: a second report before the next
 * block, a pc outside the block, and a report after QEMU flushed its code
 * change nothing.  Each vCPU has its own block.
 */
START_TEST(test_once_per_block)
{
    fake_set_x86();
    start(FAKE_V2, true);
    fake_vcpu_init(1);
    FakeTB *b = fake_translate(0x2000, 4);
    fake_exec_until(b, 0, 1);
    fake_run(1, 0x5000, 3);
    for (int i = 0; i < 2; i++) {
        fake_discontinuity(0, QI_DISCON_EXCEPTION, 0x2004, 0x2004);
        fake_discontinuity(0, QI_DISCON_INTERRUPT, 0x2004, 0x9000);
    }
    ck_assert_uint_eq(counter_get(insns, 0), 1);
    ck_assert_uint_eq(counter_get(insns, 1), 3);
    fake_discontinuity(1, QI_DISCON_INTERRUPT, 0x7000, 0x9000);
    ck_assert_uint_eq(counter_get(insns, 1), 3);
    fake_run(1, 0x5000, 3);
    fake_flush();
    fake_discontinuity(1, QI_DISCON_INTERRUPT, 0x5004, 0x9000);
    ck_assert_uint_eq(counter_get(insns, 1), 6);
    ck_assert_str_eq(heard->str,
                     "event 0 2 0x2004 0x2004; left 0 0x2000 1; "
                     "event 0 1 0x2004 0x9000; event 0 2 0x2004 0x2004; "
                     "event 0 1 0x2004 0x9000; event 1 1 0x7000 0x9000; "
                     "event 1 1 0x5004 0x9000; ");
}
END_TEST

/*
 * User mode: QEMU's callbacks take nothing back (the signal frame does:
 * see discontinuities.sh), they are only passed on.
 */
START_TEST(test_user_mode_callbacks)
{
    start(FAKE_V2, false);
    FakeTB *b = fake_translate(0x2000, 4);
    fake_exec_until(b, 0, 2);
    fake_discontinuity(0, QI_DISCON_EXCEPTION, 0x2008, 0x2008);
    ck_assert_uint_eq(counter_get(insns, 0), 4);
    ck_assert_str_eq(heard->str, "event 0 2 0x2008 0x2008; ");
}
END_TEST

/*
 * QEMU stops a block after its second instruction without a word (a store
 * rewrote the block) and resumes at its third, in a new block: the first
 * block is taken back to its two retired instructions when the new one
 * starts, without an event.  A block that reached its last instruction
 * is not taken back.
 */
START_TEST(test_resumed_inside)
{
    start(FAKE_V2, false);
    FakeTB *a = fake_translate(0x2000, 5);
    fake_exec_until(a, 0, 2);
    fake_run(0, 0x2008, 3);
    ck_assert_uint_eq(counter_get(insns, 0), 5);
    ck_assert_uint_eq(counter_get(insns, 0), fake_insns_executed(0));
    fake_run(0, 0x3000, 4);
    fake_run(0, 0x3004, 3);  /* after a whole block: not a resumption */
    ck_assert_uint_eq(counter_get(insns, 0), 5 + 4 + 3);
    ck_assert_str_eq(heard->str, "left 0 0x2000 2; ");
}
END_TEST

/* QEMU 7.2 reports nothing: blocks count as if they ran to their end. */
START_TEST(test_v1_counts_whole_blocks)
{
    start(FAKE_V1, true);
    ck_assert_uint_eq(qi_sees_discontinuities(), 0);
    FakeTB *b = fake_translate(0x2000, 4);
    fake_exec_until(b, 0, 2);
    fake_discontinuity(0, QI_DISCON_EXCEPTION, 0x2008, 0x9000);
    ck_assert_uint_eq(counter_get(insns, 0), 4);
    ck_assert_str_eq(heard->str, "");
}
END_TEST

Suite *retire_suite(void)
{
    Suite *suite = suite_create("retire");
    TCase *tc = tcase_create("discontinuities");
    tcase_add_test(tc, test_exception_mid_block);
    tcase_add_test(tc, test_exception_first_insn);
    tcase_add_test(tc, test_trap_retires);
    tcase_add_test(tc, test_aarch64_exceptions);
    tcase_add_test(tc, test_interrupts);
    tcase_add_test(tc, test_once_per_block);
    tcase_add_test(tc, test_user_mode_callbacks);
    tcase_add_test(tc, test_resumed_inside);
    tcase_add_test(tc, test_v1_counts_whole_blocks);
    suite_add_tcase(suite, tc);
    return suite;
}
