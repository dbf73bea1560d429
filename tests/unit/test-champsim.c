/*
 * Unit tests of the champsim library's decoding (examples/champsim:
 * regs.c, describe.c): register folding and numbering, and the registers
 * of each kind of instruction, checked through ChampSim's own rules
 * (tools/champsim-format.h).  Encodings are GNU as's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>
#include <string.h>

#include "examples/champsim/describe.h"
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

/* Register names, resolved to numbers by reg(): "" ends a list. */
typedef struct Case {
    const char *what;
    unsigned char bytes[8];
    size_t size;
    unsigned int qi_class;
    ChampsimKind kind;
    const char *dst[CHAMPSIM_DST_REGS + 1];
    const char *src[CHAMPSIM_SRC_REGS + 1];
} Case;

static ChampsimDecoder d;

/* The number of Capstone's register @name, or a special name's number. */
static uint8_t reg(const char *name)
{
    static const struct { const char *name; uint8_t n; } specials[] = {
        { "SP", CHAMPSIM_REG_SP }, { "FLAGS", CHAMPSIM_REG_FLAGS },
        { "IP", CHAMPSIM_REG_IP }, { "TARGET", CHAMPSIM_REG_TARGET },
    };
    for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
        if (strcmp(name, specials[i].name) == 0) {
            return specials[i].n;
        }
    }
    for (unsigned id = 1; id < CHAMPSIM_MAX_CS_REGS; id++) {
        const char *n = cs_reg_name(d.handle, id);
        if (n != NULL && strcmp(n, name) == 0) {
            return d.map.number[id];
        }
    }
    ck_abort_msg("no register %s", name);
    return 0;
}

/* @got (@cap slots) holds the registers @names, then 0s. */
static void check_list(const char *what, const char *side, const uint8_t *got,
                       int cap, const char *const *names)
{
    bool ended = false;
    for (int i = 0; i < cap; i++) {
        ended |= names[i] == NULL || names[i][0] == '\0';
        uint8_t want = ended ? 0 : reg(names[i]);
        ck_assert_msg(got[i] == want, "%s: %s[%d] is %u, expected %u", what,
                      side, i, got[i], want);
    }
}

static void check_cases(const char *arch, const Case *cases, size_t n)
{
    ck_assert(champsim_decoder_open(&d, arch));
    for (size_t i = 0; i < n; i++) {
        const Case *c = &cases[i];
        ChampsimInsn insn;
        champsim_describe(&d, c->bytes, c->size, 0x1000, c->qi_class, &insn);
        ChampsimRecord r = { .ip = insn.ip, .is_branch = insn.is_branch };
        memcpy(r.dst_regs, insn.dst_regs, sizeof(r.dst_regs));
        memcpy(r.src_regs, insn.src_regs, sizeof(r.src_regs));
        ck_assert_msg(champsim_classify(&r) == c->kind, "%s: kind %s", c->what,
                      champsim_kind_name(champsim_classify(&r)));
        ck_assert_msg(insn.is_branch == (c->kind != CHAMPSIM_NOT_BRANCH),
                      "%s: is_branch %u", c->what, insn.is_branch);
        ck_assert_msg(insn.conditional == (c->kind == CHAMPSIM_CONDITIONAL),
                      "%s: conditional", c->what);
        ck_assert_msg(insn.fallthrough == 0x1000 + c->size, "%s", c->what);
        check_list(c->what, "dst", insn.dst_regs, CHAMPSIM_DST_REGS, c->dst);
        check_list(c->what, "src", insn.src_regs, CHAMPSIM_SRC_REGS, c->src);
    }
    champsim_decoder_close(&d);
}

START_TEST(x86_64_instructions)
{
    static const Case cases[] = {
        { "jne", { 0x75, 0xfe }, 2, B | CND, CHAMPSIM_CONDITIONAL,
          { "IP", "" }, { "IP", "FLAGS", "" } },
        { "call rel32", { 0xe8, 0xfb, 0xff, 0xff, 0xff }, 5, B | CALL,
          CHAMPSIM_DIRECT_CALL, { "IP", "SP" }, { "IP", "SP", "" } },
        { "ret", { 0xc3 }, 1, B | RET | IND, CHAMPSIM_RETURN,
          { "IP", "SP" }, { "SP", "" } },
        { "call *%rax", { 0xff, 0xd0 }, 2, B | CALL | IND,
          CHAMPSIM_INDIRECT_CALL, { "IP", "SP" }, { "IP", "SP", "rax", "" } },
        { "jmp *%rax", { 0xff, 0xe0 }, 2, B | IND, CHAMPSIM_INDIRECT_JUMP,
          { "IP", "" }, { "rax", "" } },
        { "call *8(%rip)", { 0xff, 0x15, 8, 0, 0, 0 }, 6, B | CALL | IND,
          CHAMPSIM_INDIRECT_CALL, { "IP", "SP" },
          { "IP", "SP", "TARGET", "" } },
        { "jmp rel8", { 0xeb, 0xfe }, 2, B, CHAMPSIM_DIRECT_JUMP,
          { "IP", "" }, { "" } },
        { "loop", { 0xe2, 0xfe }, 2, B | CND, CHAMPSIM_CONDITIONAL,
          { "IP", "rcx" }, { "IP", "rcx", "" } },
        { "syscall", { 0x0f, 0x05 }, 2, B | SYS, CHAMPSIM_NOT_BRANCH,
          { "" }, { "" } },
        /* eax and ecx are folded to rax and rcx. */
        { "mov %eax,%ecx", { 0x89, 0xc1 }, 2, 0, CHAMPSIM_NOT_BRANCH,
          { "rcx", "" }, { "rax", "" } },
        /* Three destinations: the first two in Capstone's order. */
        { "mul %rbx", { 0x48, 0xf7, 0xe3 }, 3, 0, CHAMPSIM_NOT_BRANCH,
          { "rax", "rdx" }, { "rax", "rbx", "" } },
        /* A rip-relative address reads no register ChampSim should see. */
        { "lea 8(%rip),%rax", { 0x48, 0x8d, 0x05, 8, 0, 0, 0 }, 7, 0,
          CHAMPSIM_NOT_BRANCH, { "rax", "" }, { "" } },
        { "push %rax", { 0x50 }, 1, 0, CHAMPSIM_NOT_BRANCH,
          { "SP", "" }, { "SP", "rax", "" } },
        { "undecodable", { 0x0f, 0xff }, 2, QI_INSN_UNKNOWN,
          CHAMPSIM_NOT_BRANCH, { "" }, { "" } },
    };
    check_cases("x86_64", cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

/* AArch64 words, little-endian. */
#define W(x) { (x) & 0xff, ((x) >> 8) & 0xff, ((x) >> 16) & 0xff, (x) >> 24 }

START_TEST(aarch64_instructions)
{
    static const Case cases[] = {
        /* Capstone 4 says cmp writes x0: it reads it. */
        { "cmp x0, x1", W(0xeb01001fu), 4, 0, CHAMPSIM_NOT_BRANCH,
          { "FLAGS", "" }, { "x1", "x0", "" } },
        /* Capstone 4 lists no register for ret: it reads x30. */
        { "ret", W(0xd65f03c0u), 4, B | RET | IND, CHAMPSIM_RETURN,
          { "IP", "SP" }, { "SP", "x30", "" } },
        /* x30 does not fit after IP and SP. */
        { "bl", W(0x94000000u), 4, B | CALL, CHAMPSIM_DIRECT_CALL,
          { "IP", "SP" }, { "IP", "SP", "" } },
        { "blr x3", W(0xd63f0060u), 4, B | CALL | IND, CHAMPSIM_INDIRECT_CALL,
          { "IP", "SP" }, { "IP", "SP", "x3", "" } },
        { "br x3", W(0xd61f0060u), 4, B | IND, CHAMPSIM_INDIRECT_JUMP,
          { "IP", "" }, { "x3", "" } },
        { "b.ne", W(0x54000001u), 4, B | CND, CHAMPSIM_CONDITIONAL,
          { "IP", "" }, { "IP", "FLAGS", "" } },
        { "cbz x1", W(0xb4000001u), 4, B | CND, CHAMPSIM_CONDITIONAL,
          { "IP", "" }, { "IP", "x1", "" } },
        /* Capstone 4 says svc writes x30. */
        { "svc #0", W(0xd4000001u), 4, B | SYS, CHAMPSIM_NOT_BRANCH,
          { "" }, { "" } },
        /* Writeback makes three destinations: the pair is kept. */
        { "ldp x29, x30, [sp], #16", W(0xa8c17bfdu), 4, 0,
          CHAMPSIM_NOT_BRANCH, { "x29", "x30" }, { "SP", "" } },
        /* Capstone 4 says movz reads its destination. */
        { "mov x0, #10", W(0xd2800140u), 4, 0, CHAMPSIM_NOT_BRANCH,
          { "x0", "" }, { "" } },
    };
    check_cases("aarch64", cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(folding)
{
    static const struct { const char *name, *full; bool aarch64; } cases[] = {
        { "eax", "rax", false }, { "ah", "rax", false }, { "sil", "rsi", false },
        { "r9d", "r9", false }, { "r15b", "r15", false }, { "r8", "r8", false },
        { "ymm3", "zmm3", false }, { "xmm17", "zmm17", false },
        { "mm2", "st(2)", false }, { "esp", "rsp", false },
        { "eip", "rip", false }, { "riz", "", false }, { "rflags", "rflags", false },
        { "w5", "x5", true }, { "w30", "x30", true }, { "wsp", "sp", true },
        { "wzr", "", true }, { "xzr", "", true }, { "q7", "v7", true },
        { "s31", "v31", true }, { "b0", "v0", true }, { "nzcv", "nzcv", true },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[16];
        champsim_fold_reg_name(cases[i].name, cases[i].aarch64, out);
        ck_assert_str_eq(out, cases[i].full);
    }
}
END_TEST

/* Parts share their register's number; no ordinary register is special. */
static void check_numbers(const char *arch, const char *const *same,
                          const char *sp, const char *flags)
{
    ck_assert(champsim_decoder_open(&d, arch));
    for (; *same != NULL; same += 2) {
        ck_assert_msg(reg(same[0]) == reg(same[1]) && reg(same[0]) != 0,
                      "%s and %s", same[0], same[1]);
    }
    ck_assert_int_eq(reg(sp), CHAMPSIM_REG_SP);
    ck_assert_int_eq(reg(flags), CHAMPSIM_REG_FLAGS);
    int specials = 0;
    for (unsigned id = 1; id < CHAMPSIM_MAX_CS_REGS; id++) {
        const char *n = cs_reg_name(d.handle, id);
        uint8_t v = d.map.number[id];
        if (n == NULL) {
            continue;
        }
        ck_assert_msg(v != CHAMPSIM_REG_TARGET, "%s", n);
        specials += v == CHAMPSIM_REG_SP || v == CHAMPSIM_REG_FLAGS ||
                    v == CHAMPSIM_REG_IP;
    }
    /* x86: rsp esp sp spl, rflags, rip eip ip; AArch64: sp wsp, nzcv. */
    ck_assert_int_eq(specials, strcmp(arch, "x86_64") == 0 ? 8 : 3);
    champsim_decoder_close(&d);
}

START_TEST(numbers)
{
    static const char *const x86[] = { "eax", "rax", "al", "rax", "r9w", "r9",
                                       "xmm1", "zmm1", NULL };
    static const char *const a64[] = { "w0", "x0", "w30", "x30", "d4", "v4",
                                       "q31", "v31", NULL };
    check_numbers("x86_64", x86, "spl", "rflags");
    check_numbers("aarch64", a64, "wsp", "nzcv");
    ck_assert(!champsim_decoder_open(&d, "riscv64"));
}
END_TEST

int main(void)
{
    const TTest *const tests[] = {
        x86_64_instructions, aarch64_instructions, folding, numbers, NULL,
    };
    return run_tests("champsim", tests);
}
