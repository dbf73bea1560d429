/*
 * The live vCPUs: created and not yet gone.  Needed to send guest_cpu_enter
 * to a library loaded while the guest runs, and guest_cpu_exit to one that
 * goes away.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_VCPUS_H
#define QEMU_INSTR_VCPUS_H

#include "qemu-instr/qi.h"

static inline QICPU qicpu(unsigned int index)
{
    return (QICPU){ .opaque_index_ = index };
}

void vcpus_add(unsigned int index);
void vcpus_remove(unsigned int index);

/* Call @fn for each live vCPU, lowest index first. */
void vcpus_foreach(void (*fn)(QICPU vcpu, void *data), void *data);

#endif /* QEMU_INSTR_VCPUS_H */
