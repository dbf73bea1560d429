/*
 * The live vCPUs: created and not yet gone.  Needed to send guest_cpu_enter
 * to a library loaded while the guest runs, and guest_cpu_exit to one that
 * goes away.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_VCPUS_H
#define QEMU_INSTR_VCPUS_H

#include <stdbool.h>

#include "qemu-instr/qi.h"

static inline QICPU qicpu(unsigned int index)
{
    return (QICPU){ .opaque_index_ = index };
}

void vcpus_add(unsigned int index);
/* One more than the highest index ever added (qi_vcpu_count()). */
unsigned int vcpus_count(void);
void vcpus_remove(unsigned int index);

/*
 * The bound on vCPU indexes (qi_vcpu_max()): QEMU's @system_max in system
 * mode (when > 0), else QEMU_INSTR_MAX_VCPUS from the environment, else
 * VCPUS_USER_MAX.  Returns false with a one-line reason in @why (to
 * g_free()) for a bad QEMU_INSTR_MAX_VCPUS.  Once, at start-up.
 */
#define VCPUS_USER_MAX 1024
bool vcpus_init_max(unsigned int system_max, char **why);
unsigned int vcpus_max(void);

/* Call @fn for each live vCPU, lowest index first. */
void vcpus_foreach(void (*fn)(QICPU vcpu, void *data), void *data);

/*
 * The vCPU that runs on this thread.  QEMU 7.2 does not say which vCPU
 * translates a block, so the runtime learns it from events that run on the
 * vCPU's own thread and name it (system calls, idle/resume); until one has
 * arrived, vcpus_this_thread() answers 0.
 */
void vcpus_note_this_thread(unsigned int index);
unsigned int vcpus_this_thread(void);

#endif /* QEMU_INSTR_VCPUS_H */
