/*
 * The API of per-vCPU counters: qi_counter_*.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "counters.h"
#include "registry.h"

QICounter *qi_counter_new(void)
{
    return counter_new(library_current);
}

void qi_counter_free(QICounter *c)
{
    counter_delete(c);
}

uint64_t qi_counter_get(const QICounter *c, unsigned int vcpu_index)
{
    return counter_get(c, vcpu_index);
}

void qi_counter_set(QICounter *c, unsigned int vcpu_index, uint64_t value)
{
    counter_set(c, vcpu_index, value);
}

uint64_t qi_counter_sum(const QICounter *c)
{
    return counter_sum(c);
}
