/*
 * Phantom instructions (phantom.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "phantom.h"

#include "classify.h"

/* QEMU's page size for x86 guests (TARGET_PAGE_BITS 12). */
#define X86_PAGE_SIZE 4096u

/* QEMU's largest single code read on x86: the imm64 of movabs. */
#define X86_LARGEST_READ 8u

bool phantom_abandoned(uint64_t block_vaddr, uint64_t vaddr,
                       const void *bytes, size_t size)
{
    uint64_t page = block_vaddr & ~(uint64_t)(X86_PAGE_SIZE - 1);
    /* Offsets in the first page: no overflow at the top of the space. */
    uint64_t start = vaddr - page;
    if (vaddr <= block_vaddr || start > X86_PAGE_SIZE ||
        size > X86_PAGE_SIZE - start) {
        return false;
    }
    uint64_t left = X86_PAGE_SIZE - start - size;
    if (left >= X86_LARGEST_READ) {
        return false;   /* the next read would not have crossed */
    }
    return classify_known() && classify_length(bytes, size, vaddr) == 0;
}
