/*
 * What the hand-written QEMU 7.2 plugins share with the runtime: the
 * number of instructions of a block that QEMU runs.  QEMU before 8.2 may
 * count, last, an x86 instruction its translator abandoned at a page end
 * (instrument/phantom.h); an exact count leaves it out, as the runtime
 * does.  Build with instrument/phantom.c and instrument/classify.c,
 * Capstone and GLib.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef BENCH_V1_INSNS_H
#define BENCH_V1_INSNS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "instrument/classify.h"
#include "instrument/phantom.h"
#include "instrument/qemu/api-v1.h"

static bool v1_x86; /* may a block end with a phantom? */

/* Call from qemu_plugin_install(). */
static void v1_insns_init(const qemu_info_t *info)
{
    v1_x86 = (strcmp(info->target_name, "x86_64") == 0 ||
              strcmp(info->target_name, "i386") == 0) &&
             classify_set_target(info->target_name);
}

/* @tb's instructions that QEMU runs: the first v1_block_insns(tb). */
static size_t v1_block_insns(struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    if (v1_x86 && n >= 2) {
        struct qemu_plugin_insn *last = qemu_plugin_tb_get_insn(tb, n - 1);
        if (phantom_abandoned(qemu_plugin_tb_vaddr(tb),
                              qemu_plugin_insn_vaddr(last),
                              qemu_plugin_insn_data(last),
                              qemu_plugin_insn_size(last))) {
            n--;
        }
    }
    return n;
}

#endif /* BENCH_V1_INSNS_H */
