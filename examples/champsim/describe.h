/*
 * What a ChampSim record says of an instruction that does not depend on
 * its execution: its address, whether it is a branch, its registers.
 * Built once at translation (champsim_describe()); each execution copies
 * it into a record and adds the branch outcome and the memory addresses.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef QI_CHAMPSIM_DESCRIBE_H
#define QI_CHAMPSIM_DESCRIBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "regs.h"
#include "tools/champsim-format.h"

/** ChampsimInsn: one translated instruction's static part of its records. */
typedef struct ChampsimInsn {
    uint64_t ip;
    uint64_t fallthrough;    /* the next instruction in memory */
    bool conditional;        /* taken iff the next pc is not fallthrough */
    uint8_t is_branch;
    uint8_t branch_taken;    /* 1 for unconditional transfers */
    uint8_t dst_regs[CHAMPSIM_DST_REGS];
    uint8_t src_regs[CHAMPSIM_SRC_REGS];
} ChampsimInsn;

/** ChampsimDecoder: Capstone for one guest architecture, and its numbers. */
typedef struct ChampsimDecoder {
    csh handle;
    bool aarch64;
    ChampsimRegMap map;
} ChampsimDecoder;

/**
 * champsim_decoder_open() - a decoder for QEMU's target @arch ("x86_64"
 * or "aarch64").  Returns false for any other architecture, or when
 * Capstone fails.
 */
bool champsim_decoder_open(ChampsimDecoder *d, const char *arch);

/** champsim_decoder_close() - free what champsim_decoder_open() made. */
void champsim_decoder_close(ChampsimDecoder *d);

/**
 * champsim_describe() - the static part of the records of the instruction
 * at @pc, whose @size bytes are @code and whose qi_insn_class() is
 * @qi_class.  Not thread-safe: one call at a time per decoder.
 *
 * Branches are told apart by @qi_class and given the registers by which
 * ChampSim classifies their kind (docs/champsim.md): SP, FLAGS and IP,
 * plus the registers Capstone says they read for conditional branches
 * and indirect transfers.  System instructions (syscall, svc) are not
 * branches: execution resumes after them.  Other instructions get
 * Capstone's register lists, folded (regs.h) and deduplicated, IP removed,
 * the first ones kept in Capstone's order when there are more than the
 * record holds.  Bytes Capstone cannot decode give a non-branch without
 * registers.
 */
void champsim_describe(const ChampsimDecoder *d, const uint8_t *code,
                       size_t size, uint64_t pc, unsigned qi_class,
                       ChampsimInsn *out);

#endif /* QI_CHAMPSIM_DESCRIBE_H */
