/*
 * transonly: a benchmark library that only uses translation hooks.
 *
 * For every translated instruction it does light work (counts it and
 * folds its bytes into a checksum) and emits nothing, so translated code
 * is exactly what bare QEMU would generate: what it costs is qemu-instr's
 * translation pipeline.  Used with the translation-heavy workload.
 *
 * Arguments: out=FILE (default: standard error).
 * Output: "translated INSNS insns checksum HEX".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

static uint64_t insns;    /* updated atomically: vCPUs translate in parallel */
static uint64_t checksum; /* xor of the per-instruction FNV-1a hashes */
static FILE *out;

static void insn_translated(QICPU vcpu, QITB *tb, QIInsn *insn)
{
    (void)vcpu, (void)tb;
    const unsigned char *p = qi_insn_data(insn);
    uint64_t h = 0xcbf29ce484222325u ^ qi_insn_vaddr(insn);
    for (size_t i = 0, n = qi_insn_size(insn); i < n; i++) {
        h = (h ^ p[i]) * 0x100000001b3u;
    }
    __atomic_fetch_add(&insns, 1, __ATOMIC_RELAXED);
    __atomic_fetch_xor(&checksum, h, __ATOMIC_RELAXED);
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "out", NULL };
    const char *path;
    if (qi_args_parse(argc, argv, keys, &path) != 0 ||
        (out = qi_open_output(path)) == NULL) {
        return -1;
    }
    qi_event_set_guest_insn_before_trans(insn_translated);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    fprintf(out, "translated %" PRIu64 " insns checksum %016" PRIx64 "\n",
            insns, checksum);
    qi_close_output(out);
}
