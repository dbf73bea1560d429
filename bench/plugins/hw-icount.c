/*
 * hw-icount: a benchmark baseline, written directly against QEMU 7.2's TCG
 * plugin ABI (API version 1), doing the work of examples/icount the way a
 * careful plugin author would: exact instruction counts per vCPU.
 *
 * At translation each block gets one exec callback whose userdata is the
 * block's instruction count; the callback adds it to the running vCPU's
 * counter (one cache line per vCPU).  An inline add would be cheaper but
 * is one non-atomic location shared by all vCPUs, so it is not exact with
 * several vCPUs; examples/icount makes the same choice.
 *
 * Arguments: out=FILE (default: standard error, via qemu_plugin_outs).
 * Output: "insns TOTAL", then "vcpu INDEX COUNT" for each vCPU that ran.
 *
 * Build (from the source tree's top): cc -O2 -shared -fPIC -I. \
 *     -o hw-icount.so bench/plugins/hw-icount.c instrument/phantom.c \
 *     instrument/classify.c $(pkg-config --cflags --libs capstone glib-2.0)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bench/plugins/v1-insns.h"

/* QEMU's (every API version); the runtime's declarations leave it out. */
void qemu_plugin_outs(const char *string);

__attribute__((visibility("default")))
int qemu_plugin_version = 1;

#define MAX_VCPUS 1024

static struct {
    _Alignas(64) uint64_t insns;
} counts[MAX_VCPUS];
static uint64_t beyond_max; /* vCPUs past MAX_VCPUS share this, atomically */
static const char *out_path;

static void block_executed(unsigned int vcpu_index, void *userdata)
{
    uint64_t n = (uintptr_t)userdata;
    if (__builtin_expect(vcpu_index < MAX_VCPUS, 1)) {
        counts[vcpu_index].insns += n;
    } else {
        __atomic_fetch_add(&beyond_max, n, __ATOMIC_RELAXED);
    }
}

static void block_translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    uintptr_t n = v1_block_insns(tb);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, block_executed,
                                         QEMU_PLUGIN_CB_NO_REGS, (void *)n);
}

static void at_exit(qemu_plugin_id_t id, void *userdata)
{
    (void)id, (void)userdata;
    char line[64];
    uint64_t total = beyond_max;
    for (unsigned int i = 0; i < MAX_VCPUS; i++) {
        total += counts[i].insns;
    }
    FILE *out = out_path != NULL ? fopen(out_path, "w") : NULL;
    if (out_path != NULL && out == NULL) {
        perror(out_path);
    }
    snprintf(line, sizeof(line), "insns %" PRIu64 "\n", total);
    out != NULL ? (void)fputs(line, out) : qemu_plugin_outs(line);
    for (unsigned int i = 0; i < MAX_VCPUS; i++) {
        if (counts[i].insns != 0) {
            snprintf(line, sizeof(line), "vcpu %u %" PRIu64 "\n", i,
                     counts[i].insns);
            out != NULL ? (void)fputs(line, out) : qemu_plugin_outs(line);
        }
    }
    if (out != NULL) {
        fclose(out);
    }
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                        int argc, char **argv)
{
    v1_insns_init(info);
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "out=", 4) == 0) {
            out_path = argv[i] + 4;
        } else {
            fprintf(stderr, "hw-icount: unknown argument '%s'\n", argv[i]);
            return -1;
        }
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, block_translated);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
