/*
 * ChampSim register numbers for Capstone's registers: every name Capstone
 * has for a part of a register (eax, ax, al; w0; s0, d0, q0) is folded to
 * the full architectural register (rax; x0; v0), and each full register
 * gets one number in 1..254, away from ChampSim's special numbers:
 * the stack pointer is CHAMPSIM_REG_SP, the flags CHAMPSIM_REG_FLAGS, the
 * program counter CHAMPSIM_REG_IP; the zero registers (xzr, wzr) and x86's
 * pseudo index registers (eiz, riz) are no register at all (0).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef QI_CHAMPSIM_REGS_H
#define QI_CHAMPSIM_REGS_H

#include <capstone/capstone.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * CHAMPSIM_REG_TARGET: the register an indirect transfer whose target
 * comes from memory through no other register (x86 `call *fptr(%rip)`)
 * reads, so that ChampSim classifies it as indirect.  Nothing writes it,
 * so it creates no dependence.
 */
#define CHAMPSIM_REG_TARGET 255

/* More than any Capstone has register ids (Capstone 4: 242 and 260). */
#define CHAMPSIM_MAX_CS_REGS 512

/** ChampsimRegMap: Capstone register id -> ChampSim number (0: none). */
typedef struct ChampsimRegMap {
    uint8_t number[CHAMPSIM_MAX_CS_REGS];
} ChampsimRegMap;

/**
 * champsim_fold_reg_name() - the full register that Capstone's register
 * @name belongs to, in @out (at least 16 bytes): "eax" -> "rax",
 * "r9d" -> "r9", "ymm3" -> "zmm3", "w5" -> "x5", "wsp" -> "sp",
 * "q7" -> "v7"; an empty string for the zero and pseudo registers.
 * Names that are already full registers are copied.
 * @aarch64: AArch64's names, else x86's.
 */
void champsim_fold_reg_name(const char *name, bool aarch64, char out[16]);

/**
 * champsim_reg_map_init() - number every register of @handle's
 * architecture (@aarch64 or x86-64).  Full registers are numbered in the
 * order of their first Capstone id, from 1, skipping 6, 25 and 26.
 * Returns false if they do not fit below CHAMPSIM_REG_TARGET.
 */
bool champsim_reg_map_init(ChampsimRegMap *map, csh handle, bool aarch64);

#endif /* QI_CHAMPSIM_REGS_H */
