/*
 * metric.h: the one-line metric format, which qi-campaign's validation
 * reads (docs/campaigns.md, "Validation").
 *
 * A metric library writes, anywhere among its other output lines,
 *
 *     metric instructions N
 *     metric NAME COUNT
 *     ...
 *
 * "metric instructions" once: the guest instructions the library saw
 * executed (all vCPUs); then one line per metric: a count of events over
 * those instructions (NAME: letters, digits, '.', '_', '-').  Readers
 * compare counts per 1000 instructions.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef QI_EXAMPLES_METRIC_H
#define QI_EXAMPLES_METRIC_H

#include <inttypes.h>
#include <stdio.h>

/**
 * metric_print() - write one metric line.
 * @out: the library's output.
 * @name: the metric's name ("instructions" for the instruction count).
 * @count: its value.
 */
static inline void metric_print(FILE *out, const char *name, uint64_t count)
{
    fprintf(out, "metric %s %" PRIu64 "\n", name, count);
}

#endif /* QI_EXAMPLES_METRIC_H */
