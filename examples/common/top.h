/*
 * top.h: the top=N argument of the examples that print a ranking.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef QI_EXAMPLES_TOP_H
#define QI_EXAMPLES_TOP_H

#include <errno.h>
#include <stdlib.h>

#include <qemu-instr/qi.h>

/**
 * parse_top() - read the value of top=N: how many lines to print.
 * @value: the argument's value, or NULL when it was not given.
 * @top: set to N (0 means all lines); left alone when @value is NULL.
 *
 * Returns 0, or -1 after qi_set_error() when @value is not a decimal
 * number.
 */
static inline int parse_top(const char *value, unsigned long *top)
{
    if (value == NULL) {
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long n = strtoul(value, &end, 10);
    if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno != 0) {
        qi_set_error("bad top '%s' (expected a number of lines, 0 for all)",
                     value);
        return -1;
    }
    *top = n;
    return 0;
}

#endif /* QI_EXAMPLES_TOP_H */
