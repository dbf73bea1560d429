/*
 * The API of the guest and its vCPUs: their number and index, the target,
 * what the QEMU underneath offers, memory and register reads.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "backend.h"
#include "vcpus.h"

unsigned int qi_vcpu_max(void)
{
    return vcpus_max();
}

unsigned int qi_vcpu_count(void)
{
    return vcpus_count();
}

const char *qi_guest_arch(void)
{
    return backend->target_name ? backend->target_name : "unknown";
}

/* Parenthesised: defines the function, not qi.h's macro of the same name. */
unsigned int (qi_cpu_index)(QICPU vcpu)
{
    return vcpu.opaque_index_;
}

bool qi_has_inline_conditions(void)
{
    return backend->tb_exec_if != NULL;
}

bool qi_can_read_memory(void)
{
    return backend->read_memory != NULL;
}

int qi_vcpu_read_memory(QICPU vcpu, uint64_t vaddr, void *buf, size_t len)
{
    (void)vcpu; /* QEMU reads through the vCPU running the call */
    return backend->read_memory != NULL &&
                   backend->read_memory(vaddr, buf, len)
               ? 0 : -1;
}

bool qi_can_read_registers(void)
{
    return backend->read_register != NULL;
}

const char *qi_register_name(int index)
{
    return backend->register_name ? backend->register_name(index) : NULL;
}

int qi_register_find(const char *name)
{
    const char *known;
    for (int i = 0; name != NULL && backend->register_name != NULL &&
                    (known = backend->register_name(i)) != NULL;
         i++) {
        if (strcmp(known, name) == 0) {
            return i;
        }
    }
    return -1;
}

int qi_vcpu_read_register(QICPU vcpu, int reg, void *buf, size_t size)
{
    (void)vcpu; /* QEMU reads the vCPU running the call */
    return backend->read_register != NULL
               ? backend->read_register(reg, buf, size) : -1;
}
