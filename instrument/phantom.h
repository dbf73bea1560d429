/*
 * Phantom instructions: one QEMU hands over at the end of a block although
 * the code it runs ends before it.
 *
 * QEMU's x86 translator gives up an instruction that is not the block's
 * first and would cross the end of the block's first page: it removes what
 * it generated for it and ends the block before it, to translate it again
 * as the first of the next block.  Before QEMU 8.2 the plugin API still
 * counted it in the block (qemu_plugin_tb_n_insns) as the last
 * instruction, with the bytes read before the read that would have crossed
 * (at least its first: QEMU does not begin an instruction on the next
 * page).  QEMU never generates its callbacks, but a per-block count would
 * include it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_PHANTOM_H
#define QEMU_INSTR_PHANTOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most bytes an abandoned x86 instruction may hand over. */
#define PHANTOM_MAX_BYTES 16

/*
 * Is the last instruction of an x86 block that starts at @block_vaddr and
 * has more than one, found at @vaddr with its @size bytes at @bytes, a
 * phantom?  Yes when its bytes end within QEMU's largest code read (8
 * bytes) of the end of the block's first page and do not hold a whole
 * instruction (decoded by classify.h; without a decoder for the guest,
 * no instruction is a phantom).
 */
bool phantom_abandoned(uint64_t block_vaddr, uint64_t vaddr,
                       const void *bytes, size_t size);

#endif /* QEMU_INSTR_PHANTOM_H */
