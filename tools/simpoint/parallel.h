/*
 * qi-simpoint: independent tasks spread over threads.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_SIMPOINT_PARALLEL_H
#define QI_SIMPOINT_PARALLEL_H

#include <stddef.h>

/** Task @task (0 <= task < count) of a batch; @data is shared. */
typedef void (*QiTaskFn)(size_t task, void *data);

/**
 * Run @fn for every task 0 .. @count - 1 on up to @threads threads (0: one
 * per processor) and return when all are done.  Tasks must not depend on
 * each other; each writes only its own results, so the outcome does not
 * depend on the number of threads.
 */
void qi_parallel_for(size_t count, unsigned threads, QiTaskFn fn, void *data);

#endif /* QI_SIMPOINT_PARALLEL_H */
