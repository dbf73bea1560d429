/*
 * The static part of an instruction's ChampSim records (describe.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "describe.h"

#include <string.h>

#include <qemu-instr/qi.h>

/* A register list being built: ChampSim numbers, no 0, no duplicate. */
typedef struct RegList {
    uint8_t regs[64];
    unsigned n;
} RegList;

static void add(RegList *l, uint8_t reg)
{
    if (reg != 0 && !champsim_has_reg(l->regs, (int)l->n, reg) &&
        l->n < sizeof(l->regs)) {
        l->regs[l->n++] = reg;
    }
}

static bool is_special(uint8_t reg)
{
    return reg == CHAMPSIM_REG_SP || reg == CHAMPSIM_REG_FLAGS ||
           reg == CHAMPSIM_REG_IP;
}

/* Capstone's registers of @insn, folded, with Capstone 4's errors fixed. */
static void capstone_regs(const ChampsimDecoder *d, const cs_insn *insn,
                          RegList *reads, RegList *writes)
{
    cs_regs r, w;
    uint8_t n_r = 0, n_w = 0;
    if (cs_regs_access(d->handle, insn, r, &n_r, w, &n_w) != CS_ERR_OK) {
        return;
    }
    /* Capstone 4 says movz and movn read their destination: they do not. */
    bool no_reads = d->aarch64 && (insn->id == ARM64_INS_MOVZ ||
                                   insn->id == ARM64_INS_MOVN);
    for (unsigned i = 0; i < n_r && !no_reads; i++) {
        add(reads, d->map.number[r[i]]);
    }
    if (d->aarch64 && (insn->id == ARM64_INS_CMP || insn->id == ARM64_INS_CMN ||
                       insn->id == ARM64_INS_TST)) {
        /* Capstone 4 lists the first operand as written: it is read. */
        for (unsigned i = 0; i < n_w; i++) {
            uint8_t reg = d->map.number[w[i]];
            add(reg == CHAMPSIM_REG_FLAGS ? writes : reads, reg);
        }
        return;
    }
    if (d->aarch64 && insn->id == ARM64_INS_SVC) {
        return; /* Capstone 4 says svc writes x30: it does not */
    }
    if (d->aarch64 && insn->id == ARM64_INS_RET && n_r == 0) {
        add(reads, d->map.number[ARM64_REG_X30]); /* missing in Capstone 4 */
    }
    for (unsigned i = 0; i < n_w; i++) {
        add(writes, d->map.number[w[i]]);
    }
}

/*
 * Into @out (@cap slots): @first (in order), then those of @from that
 * @keep accepts, while there is room.
 */
static void fill(uint8_t *out, int cap, const RegList *first,
                 const RegList *from, bool (*keep)(uint8_t))
{
    RegList all = { .n = 0 };
    for (unsigned i = 0; i < first->n; i++) {
        add(&all, first->regs[i]);
    }
    for (unsigned i = 0; i < from->n; i++) {
        if (keep(from->regs[i])) {
            add(&all, from->regs[i]);
        }
    }
    memset(out, 0, (size_t)cap);
    for (unsigned i = 0; i < all.n && (int)i < cap; i++) {
        out[i] = all.regs[i];
    }
}

static bool any_but_ip(uint8_t reg) { return reg != CHAMPSIM_REG_IP; }
static bool ordinary(uint8_t reg) { return !is_special(reg); }
static bool not_sp_ip(uint8_t reg)
{
    return reg != CHAMPSIM_REG_SP && reg != CHAMPSIM_REG_IP;
}
static bool none(uint8_t reg) { (void)reg; return false; }

/* @l's first ordinary register, or CHAMPSIM_REG_TARGET if it has none. */
static uint8_t target_source(const RegList *l)
{
    for (unsigned i = 0; i < l->n; i++) {
        if (ordinary(l->regs[i])) {
            return l->regs[i];
        }
    }
    return CHAMPSIM_REG_TARGET;
}

void champsim_describe(const ChampsimDecoder *d, const uint8_t *code,
                       size_t size, uint64_t pc, unsigned qi_class,
                       ChampsimInsn *out)
{
    RegList reads = { .n = 0 }, writes = { .n = 0 };
    RegList first_src = { .n = 0 }, first_dst = { .n = 0 };
    cs_insn *insn = NULL;
    if (cs_disasm(d->handle, code, size, pc, 1, &insn) == 1) {
        capstone_regs(d, insn, &reads, &writes);
    }
    cs_free(insn, insn != NULL ? 1 : 0);
    memset(out, 0, sizeof(*out));
    out->ip = pc;
    out->fallthrough = pc + size;
    bool branch = (qi_class & QI_INSN_BRANCH) &&
                  !(qi_class & (QI_INSN_SYSTEM | QI_INSN_UNKNOWN));
    if (!branch) {
        fill(out->dst_regs, CHAMPSIM_DST_REGS, &first_dst, &writes, any_but_ip);
        fill(out->src_regs, CHAMPSIM_SRC_REGS, &first_src, &reads, any_but_ip);
        return;
    }
    out->is_branch = 1;
    out->branch_taken = 1;
    add(&first_dst, CHAMPSIM_REG_IP);
    bool indirect = qi_class & QI_INSN_INDIRECT;
    if (qi_class & QI_INSN_CONDITIONAL) {
        /* IP, then FLAGS or the tested register(s); written ones kept. */
        out->conditional = true;
        out->branch_taken = 0;
        add(&first_src, CHAMPSIM_REG_IP);
        bool tests = false;
        for (unsigned i = 0; i < reads.n; i++) {
            tests |= not_sp_ip(reads.regs[i]);
        }
        if (!tests) {
            add(&first_src, CHAMPSIM_REG_FLAGS);
        }
        fill(out->dst_regs, CHAMPSIM_DST_REGS, &first_dst, &writes, ordinary);
        fill(out->src_regs, CHAMPSIM_SRC_REGS, &first_src, &reads, not_sp_ip);
    } else if (qi_class & QI_INSN_RETURN) {
        add(&first_dst, CHAMPSIM_REG_SP);
        add(&first_src, CHAMPSIM_REG_SP);
        fill(out->dst_regs, CHAMPSIM_DST_REGS, &first_dst, &writes, ordinary);
        fill(out->src_regs, CHAMPSIM_SRC_REGS, &first_src, &reads, ordinary);
    } else {
        /* Jumps and calls: a call reads IP and SP and writes SP too. */
        if (qi_class & QI_INSN_CALL) {
            add(&first_dst, CHAMPSIM_REG_SP);
            add(&first_src, CHAMPSIM_REG_IP);
            add(&first_src, CHAMPSIM_REG_SP);
        }
        if (indirect) {
            add(&first_src, target_source(&reads));
        }
        fill(out->dst_regs, CHAMPSIM_DST_REGS, &first_dst, &writes, ordinary);
        fill(out->src_regs, CHAMPSIM_SRC_REGS, &first_src, &reads,
             indirect ? ordinary : none);
    }
}

bool champsim_decoder_open(ChampsimDecoder *d, const char *arch)
{
    memset(d, 0, sizeof(*d));
    if (strcmp(arch, "aarch64") == 0) {
        d->aarch64 = true;
        if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &d->handle) != CS_ERR_OK) {
            return false;
        }
    } else if (strcmp(arch, "x86_64") != 0 ||
               cs_open(CS_ARCH_X86, CS_MODE_64, &d->handle) != CS_ERR_OK) {
        return false;
    }
    if (cs_option(d->handle, CS_OPT_DETAIL, CS_OPT_ON) != CS_ERR_OK ||
        !champsim_reg_map_init(&d->map, d->handle, d->aarch64)) {
        cs_close(&d->handle);
        return false;
    }
    return true;
}

void champsim_decoder_close(ChampsimDecoder *d)
{
    cs_close(&d->handle);
}
