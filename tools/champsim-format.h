/*
 * champsim-format.h: ChampSim's trace record (`input_instr`) and the rules
 * by which ChampSim tells branches apart, shared by the library that writes
 * traces (examples/champsim) and the decoder that reads them
 * (tools/qi-champsim).  Described for users in docs/champsim.md.
 *
 * A trace is a sequence of 64-byte records, one per executed instruction
 * of one vCPU, in execution order, every integer little-endian, no header
 * and no padding:
 *
 *   offset size
 *   0      8    ip: the instruction's guest virtual address
 *   8      1    is_branch (0 or 1)
 *   9      1    branch_taken (0 or 1)
 *   10     2    destination_registers[2]
 *   12     4    source_registers[4]
 *   16     16   destination_memory[2]: addresses of the stores
 *   32     32   source_memory[4]: addresses of the loads
 *
 * 0 is an empty register or address slot.  ChampSim reads no branch
 * target: a taken branch's target is the next record's ip.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef QI_CHAMPSIM_FORMAT_H
#define QI_CHAMPSIM_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

#define CHAMPSIM_RECORD_SIZE 64
#define CHAMPSIM_DST_REGS 2
#define CHAMPSIM_SRC_REGS 4
#define CHAMPSIM_DST_MEMS 2
#define CHAMPSIM_SRC_MEMS 4

/* The register numbers ChampSim gives a meaning (inc/trace_instruction.h). */
#define CHAMPSIM_REG_SP 6
#define CHAMPSIM_REG_FLAGS 25
#define CHAMPSIM_REG_IP 26

/** ChampsimRecord: one record, decoded. */
typedef struct ChampsimRecord {
    uint64_t ip;
    uint8_t is_branch;
    uint8_t branch_taken;
    uint8_t dst_regs[CHAMPSIM_DST_REGS];
    uint8_t src_regs[CHAMPSIM_SRC_REGS];
    uint64_t dst_mem[CHAMPSIM_DST_MEMS];
    uint64_t src_mem[CHAMPSIM_SRC_MEMS];
} ChampsimRecord;

/**
 * ChampsimKind: what ChampSim makes of a record (inc/instruction.h), from
 * its registers only: it ignores is_branch.
 */
typedef enum ChampsimKind {
    CHAMPSIM_NOT_BRANCH,
    CHAMPSIM_DIRECT_JUMP,
    CHAMPSIM_INDIRECT_JUMP,
    CHAMPSIM_CONDITIONAL,
    CHAMPSIM_DIRECT_CALL,
    CHAMPSIM_INDIRECT_CALL,
    CHAMPSIM_RETURN,
    CHAMPSIM_OTHER,         /* writes IP, fits no pattern above */
    CHAMPSIM_N_KINDS
} ChampsimKind;

/** champsim_kind_name() - "direct-jump", "return", ... */
static inline const char *champsim_kind_name(ChampsimKind k)
{
    static const char *const names[CHAMPSIM_N_KINDS] = {
        "not-branch", "direct-jump", "indirect-jump", "conditional",
        "direct-call", "indirect-call", "return", "other",
    };
    return names[k];
}

static inline void champsim_put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static inline uint64_t champsim_get_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

/** champsim_encode() - @r as the bytes of a record, in @buf. */
static inline void champsim_encode(uint8_t buf[CHAMPSIM_RECORD_SIZE],
                                   const ChampsimRecord *r)
{
    champsim_put_le(buf, r->ip, 8);
    buf[8] = r->is_branch;
    buf[9] = r->branch_taken;
    for (int i = 0; i < CHAMPSIM_DST_REGS; i++) {
        buf[10 + i] = r->dst_regs[i];
    }
    for (int i = 0; i < CHAMPSIM_SRC_REGS; i++) {
        buf[12 + i] = r->src_regs[i];
    }
    for (int i = 0; i < CHAMPSIM_DST_MEMS; i++) {
        champsim_put_le(buf + 16 + 8 * i, r->dst_mem[i], 8);
    }
    for (int i = 0; i < CHAMPSIM_SRC_MEMS; i++) {
        champsim_put_le(buf + 32 + 8 * i, r->src_mem[i], 8);
    }
}

/** champsim_decode() - the record whose bytes are in @buf. */
static inline ChampsimRecord champsim_decode(
    const uint8_t buf[CHAMPSIM_RECORD_SIZE])
{
    ChampsimRecord r = {
        .ip = champsim_get_le(buf, 8),
        .is_branch = buf[8],
        .branch_taken = buf[9],
    };
    for (int i = 0; i < CHAMPSIM_DST_REGS; i++) {
        r.dst_regs[i] = buf[10 + i];
    }
    for (int i = 0; i < CHAMPSIM_SRC_REGS; i++) {
        r.src_regs[i] = buf[12 + i];
    }
    for (int i = 0; i < CHAMPSIM_DST_MEMS; i++) {
        r.dst_mem[i] = champsim_get_le(buf + 16 + 8 * i, 8);
    }
    for (int i = 0; i < CHAMPSIM_SRC_MEMS; i++) {
        r.src_mem[i] = champsim_get_le(buf + 32 + 8 * i, 8);
    }
    return r;
}

static inline bool champsim_has_reg(const uint8_t *regs, int n, uint8_t reg)
{
    for (int i = 0; i < n; i++) {
        if (regs[i] == reg) {
            return true;
        }
    }
    return false;
}

/**
 * champsim_classify() - the kind ChampSim gives @r: which of SP, FLAGS and
 * IP it reads and writes, and whether it reads any other register, tested
 * in ChampSim's order.
 */
static inline ChampsimKind champsim_classify(const ChampsimRecord *r)
{
    const uint8_t *s = r->src_regs, *d = r->dst_regs;
    bool reads_sp = champsim_has_reg(s, CHAMPSIM_SRC_REGS, CHAMPSIM_REG_SP);
    bool reads_flags = champsim_has_reg(s, CHAMPSIM_SRC_REGS,
                                        CHAMPSIM_REG_FLAGS);
    bool reads_ip = champsim_has_reg(s, CHAMPSIM_SRC_REGS, CHAMPSIM_REG_IP);
    bool writes_sp = champsim_has_reg(d, CHAMPSIM_DST_REGS, CHAMPSIM_REG_SP);
    bool writes_ip = champsim_has_reg(d, CHAMPSIM_DST_REGS, CHAMPSIM_REG_IP);
    bool reads_other = false;
    for (int i = 0; i < CHAMPSIM_SRC_REGS; i++) {
        reads_other |= s[i] != 0 && s[i] != CHAMPSIM_REG_SP &&
                       s[i] != CHAMPSIM_REG_FLAGS && s[i] != CHAMPSIM_REG_IP;
    }
    if (!writes_ip) {
        return CHAMPSIM_NOT_BRANCH;
    }
    if (!reads_sp && !reads_flags && !reads_other) {
        return CHAMPSIM_DIRECT_JUMP;
    }
    if (!reads_sp && !reads_ip && !reads_flags && reads_other) {
        return CHAMPSIM_INDIRECT_JUMP;
    }
    if (!reads_sp && reads_ip && !writes_sp && (reads_flags || reads_other)) {
        return CHAMPSIM_CONDITIONAL;
    }
    if (reads_sp && reads_ip && writes_sp && !reads_flags) {
        return reads_other ? CHAMPSIM_INDIRECT_CALL : CHAMPSIM_DIRECT_CALL;
    }
    if (reads_sp && !reads_ip && writes_sp) {
        return CHAMPSIM_RETURN;
    }
    return CHAMPSIM_OTHER;
}

#endif /* QI_CHAMPSIM_FORMAT_H */
