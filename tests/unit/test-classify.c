/*
 * Unit tests of instruction classes (instrument/classify.c): every kind of
 * control transfer of x86-64 and AArch64, encoded by hand at known
 * addresses (the encodings are GNU as's), plus an i386 relative branch and
 * the architectures and bytes that are unknown.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>

#include "instrument/classify.h"
#include "qemu-instr/qi.h"
#include "tests/unit/check-main.h"

enum {
    B = QI_INSN_BRANCH,
    CND = QI_INSN_CONDITIONAL,
    CALL = QI_INSN_CALL,
    RET = QI_INSN_RETURN,
    IND = QI_INSN_INDIRECT,
    SYS = QI_INSN_SYSTEM,
};

typedef struct Case {
    const char *what;
    unsigned char bytes[8];
    size_t size;
    uint64_t vaddr;
    unsigned int flags;
    bool has_target;
    uint64_t target;
} Case;

static void check_cases(const char *target_name, const Case *cases, size_t n)
{
    ck_assert(classify_set_target(target_name));
    ck_assert(classify_known());
    for (size_t i = 0; i < n; i++) {
        const Case *c = &cases[i];
        InsnClass got = classify(c->bytes, c->size, c->vaddr);
        ck_assert_msg(got.flags == c->flags, "%s: flags 0x%x, expected 0x%x",
                      c->what, got.flags, c->flags);
        ck_assert_msg(got.has_target == c->has_target, "%s: has_target %d",
                      c->what, got.has_target);
        if (c->has_target) {
            ck_assert_msg(got.target == c->target,
                          "%s: target 0x%llx, expected 0x%llx", c->what,
                          (unsigned long long)got.target,
                          (unsigned long long)c->target);
        }
    }
}

#define A 0x401000 /* where the x86-64 listing starts */

START_TEST(x86_64_transfers)
{
    static const Case cases[] = {
        { "jmp rel8", { 0xeb, 0x10 }, 2, A, B, true, A + 0x12 },
        { "je rel32", { 0x0f, 0x84, 0xfe, 0x00, 0x00, 0x00 }, 6, A + 2,
          B | CND, true, A + 0x106 },
        { "loop", { 0xe2, 0xf6 }, 2, A + 8, B | CND, true, A },
        { "jrcxz", { 0xe3, 0x14 }, 2, A + 0xa, B | CND, true, A + 0x20 },
        { "call rel32", { 0xe8, 0xef, 0x00, 0x00, 0x00 }, 5, A + 0xc,
          B | CALL, true, A + 0x100 },
        { "call *%rax", { 0xff, 0xd0 }, 2, A + 0x11, B | CALL | IND, false, 0 },
        { "call *(%rax)", { 0xff, 0x10 }, 2, A + 0x13, B | CALL | IND, false, 0 },
        { "jmp *%rax", { 0xff, 0xe0 }, 2, A + 0x15, B | IND, false, 0 },
        { "jmp *8(%rbx)", { 0xff, 0x63, 0x08 }, 3, A + 0x17, B | IND, false, 0 },
        { "ret", { 0xc3 }, 1, A + 0x1a, B | RET | IND, false, 0 },
        { "ret $8", { 0xc2, 0x08, 0x00 }, 3, A + 0x1b, B | RET | IND, false, 0 },
        { "lret", { 0xcb }, 1, A + 0x2a, B | RET | IND, false, 0 },
        { "syscall", { 0x0f, 0x05 }, 2, A + 0x1e, B | SYS, false, 0 },
        { "int3", { 0xcc }, 1, A + 0x20, B | SYS, false, 0 },
        { "int $0x80", { 0xcd, 0x80 }, 2, A + 0x21, B | SYS, false, 0 },
        { "iretq", { 0x48, 0xcf }, 2, A + 0x23, B | SYS, false, 0 },
        { "sysenter", { 0x0f, 0x34 }, 2, A + 0x25, B | SYS, false, 0 },
        { "add %rdi,%rax", { 0x48, 0x01, 0xf8 }, 3, A + 0x27, 0, false, 0 },
        { "nop", { 0x90 }, 1, A, 0, false, 0 },
        /* Not decodable in 64-bit mode; and bytes longer than the insn. */
        { "push %es", { 0x06 }, 1, A, QI_INSN_UNKNOWN, false, 0 },
        { "nop with a spare byte", { 0x90, 0x90 }, 2, A, QI_INSN_UNKNOWN, false, 0 },
    };
    check_cases("x86_64", cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(i386_relative)
{
    static const Case cases[] = {
        /* call rel32 wraps at 4 GiB in 32-bit mode. */
        { "call rel32", { 0xe8, 0x00, 0x00, 0x00, 0x80 }, 5, 0x80000000,
          B | CALL, true, 0x5 },
        { "jmp rel8", { 0xeb, 0xfe }, 2, 0x8048000, B, true, 0x8048000 },
        { "push %es", { 0x06 }, 1, 0x8048000, 0, false, 0 },
    };
    check_cases("i386", cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

/* AArch64 words, little-endian. */
#define W(x) { (x) & 0xff, (x) >> 8 & 0xff, (x) >> 16 & 0xff, (x) >> 24 }
#define P 0x400000

START_TEST(aarch64_transfers)
{
    static const Case cases[] = {
        { "b", W(0x14000010u), 4, P, B, true, P + 0x40 },
        { "bl", W(0x94000001u), 4, P + 4, B | CALL, true, P + 8 },
        { "b.ne", W(0x54000001u), 4, P + 8, B | CND, true, P + 8 },
        { "cbz", W(0xb4000000u), 4, P + 0xc, B | CND, true, P + 0xc },
        { "cbnz", W(0x35ffffa1u), 4, P + 0x10, B | CND, true, P + 4 },
        { "tbz", W(0x361fffe2u), 4, P + 0x14, B | CND, true, P + 0x10 },
        { "tbnz", W(0xb747ff03u), 4, P + 0x18, B | CND, true, P - 8 },
        { "br", W(0xd61f0020u), 4, P + 0x1c, B | IND, false, 0 },
        { "blr", W(0xd63f0040u), 4, P + 0x20, B | CALL | IND, false, 0 },
        { "ret", W(0xd65f03c0u), 4, P + 0x24, B | RET | IND, false, 0 },
        { "svc", W(0xd4000001u), 4, P + 0x28, B | SYS, false, 0 },
        { "brk", W(0xd4200000u), 4, P + 0x2c, B | SYS, false, 0 },
        { "hvc", W(0xd4000002u), 4, P + 0x30, B | SYS, false, 0 },
        { "smc", W(0xd4000003u), 4, P + 0x34, B | SYS, false, 0 },
        { "eret", W(0xd69f03e0u), 4, P + 0x38, B | SYS, false, 0 },
        { "hlt", W(0xd4400000u), 4, P + 0x3c, B | SYS, false, 0 },
        { "add", W(0x91000400u), 4, P + 0x40, 0, false, 0 },
        { "udf", W(0x00000000u), 4, P, QI_INSN_UNKNOWN, false, 0 },
    };
    check_cases("aarch64", cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

/*
 * Which instructions retire when they raise their exception (a trap,
 * returning after itself): the system-mode discontinuity corrections need
 * it (instrument/retire.c).
 */
START_TEST(traps)
{
    static const struct {
        const char *target, *what;
        unsigned char bytes[4];
        size_t size;
        bool traps;
    } cases[] = {
        { "x86_64", "int3", { 0xcc }, 1, true },
        { "x86_64", "int $0x80", { 0xcd, 0x80 }, 2, true },
        { "x86_64", "int1", { 0xf1 }, 1, true },
        { "x86_64", "syscall", { 0x0f, 0x05 }, 2, true },
        { "x86_64", "sysenter", { 0x0f, 0x34 }, 2, true },
        { "x86_64", "ud2", { 0x0f, 0x0b }, 2, false },
        { "x86_64", "iretq", { 0x48, 0xcf }, 2, false },
        { "x86_64", "mov (%rax),%rax", { 0x48, 0x8b, 0x00 }, 3, false },
        { "x86_64", "int3, one byte short", { 0xcd }, 1, false },
        { "i386", "into", { 0xce }, 1, true },
        { "aarch64", "svc #0", { 0x01, 0x00, 0x00, 0xd4 }, 4, true },
        { "aarch64", "hvc #0", { 0x02, 0x00, 0x00, 0xd4 }, 4, true },
        { "aarch64", "smc #0", { 0x03, 0x00, 0x00, 0xd4 }, 4, true },
        { "aarch64", "brk #0", { 0x00, 0x00, 0x20, 0xd4 }, 4, false },
        { "aarch64", "udf #0", { 0x00, 0x00, 0x00, 0x00 }, 4, false },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ck_assert(classify_set_target(cases[i].target));
        ck_assert_msg(classify_traps(cases[i].bytes, cases[i].size, A) ==
                          cases[i].traps,
                      "%s %s: traps %d", cases[i].target, cases[i].what,
                      !cases[i].traps);
    }
    ck_assert(!classify_set_target("riscv64"));
    ck_assert(!classify_traps(cases[0].bytes, cases[0].size, A));
}
END_TEST

START_TEST(unknown_architectures)
{
    static const unsigned char ret[] = { 0xc3 };
    ck_assert(!classify_set_target("riscv64"));
    ck_assert(!classify_known());
    ck_assert_uint_eq(classify(ret, 1, 0).flags, QI_INSN_UNKNOWN);
    ck_assert(!classify_set_target(NULL));
    ck_assert_uint_eq(classify(ret, 1, 0).flags, QI_INSN_UNKNOWN);
    ck_assert(!classify(ret, 1, 0).has_target);
}
END_TEST

int main(void)
{
    const TTest *const tests[] = {
        x86_64_transfers, i386_relative, aarch64_transfers, traps,
        unknown_architectures, NULL
    };
    return run_tests("classify", tests);
}
