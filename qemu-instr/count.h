/*
 * qemu-instr: instruction counts as the runtime and the examples write them.
 *
 * SPDX-License-Identifier: MIT
 *
 * Copyright (c) 2026 The qemu-instr developers
 *
 * Permission is hereby granted, free of charge, to any person obtaining a
 * copy of this software and associated documentation files (the "Software"),
 * to deal in the Software without restriction, including without limitation
 * the rights to use, copy, modify, merge, publish, distribute, sublicense,
 * and/or sell copies of the Software, and to permit persons to whom the
 * Software is furnished to do so, subject to the following conditions:
 * The above copyright notice and this permission notice shall be included in
 * all copies or substantial portions of the Software.
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.
 */

/*
 * One grammar for every count a user writes: a window's START:END, bbv's
 * interval=, qi-bbltrace's --interval (qi-campaign's Python reads the same,
 * tested on the same cases).  The function is inline, so the header needs no
 * library and does not depend on qi.h's API version.
 */
#ifndef QEMU_INSTR_COUNT_H
#define QEMU_INSTR_COUNT_H

#include <stdbool.h>
#include <stdint.h>

/**
 * qi_count_parse() - read an instruction count "N[K|M|G]".
 * @text: decimal digits, then optionally one suffix K, M or G (x 10^3, 10^6,
 *        10^9), and nothing else (no sign, no space, no lower case).
 * @count: receives the count (0 is a count; callers that need more say so).
 *
 * Returns false, leaving @count alone, for anything else and for a count
 * above UINT64_MAX.
 */
static inline bool qi_count_parse(const char *text, uint64_t *count)
{
    uint64_t n = 0, scale = 1;
    const char *p = text;

    if (*p < '0' || *p > '9') {
        return false;
    }
    for (; *p >= '0' && *p <= '9'; p++) {
        uint64_t digit = (uint64_t)(*p - '0');
        if (n > (UINT64_MAX - digit) / 10) {
            return false;
        }
        n = n * 10 + digit;
    }
    switch (*p) {
    case 'K': scale = 1000; p++; break;
    case 'M': scale = 1000000; p++; break;
    case 'G': scale = 1000000000; p++; break;
    default: break;
    }
    if (*p != '\0' || n > UINT64_MAX / scale) {
        return false;
    }
    *count = n * scale;
    return true;
}

#endif /* QEMU_INSTR_COUNT_H */
