/*
 * memtrace: trace guest memory accesses (Vilanova's example).
 *
 * At translation, each instruction gets an emitted call for the accesses
 * the user asked for, with the instruction's address as a constant: the
 * library is never called for the accesses filtered out.  At execution the
 * call records the access: vCPU, pc, address, size, sign extension,
 * endianness, load/store.
 *
 * Arguments:
 *   access=r|w|rw    loads, stores or both (default rw)
 *   format=bin|text  binary records (default) or one line per access
 *   out=FILE         output; required for bin, standard error for text
 *
 * The binary format is in tools/memtrace-format.h and docs/memtrace.md;
 * `qi-memtrace FILE` prints it as the text format does.
 *
 * Threads: every record is written with one stdio call, and stdio locks
 * the stream for the whole call, so vCPU threads never interleave within
 * a record.  The stream's buffer is written out by qi_close_output() in
 * qi_fini(), after the last access of every vCPU.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include <qemu-instr/qi.h>

#include "tools/memtrace-format.h"

QI_EXPORT const int qi_api_version = QI_API_VERSION;

static QIMemAccess filter = QI_MEM_RW;
static bool text;
static FILE *out;
static const char *out_path;

static void on_access(QICPU vcpu, uint64_t vaddr, QIMemInfo info,
                      const uint64_t *args)
{
    MTRecord r = {
        .vaddr = vaddr,
        .pc = args[0],
        .vcpu = qi_cpu_index(vcpu),
        .size_shift = (uint8_t)info.size_shift,
        .flags = (info.store ? MT_STORE : 0) |
                 (info.sign_extend ? MT_SIGN_EXTEND : 0) |
                 (info.big_endian ? MT_BIG_ENDIAN : 0),
    };
    if (text) {
        mt_print(out, &r);
    } else {
        uint8_t buf[MT_RECORD_SIZE];
        mt_encode(buf, &r);
        fwrite(buf, sizeof(buf), 1, out);
    }
}

static void insn_translated(QICPU vcpu, QITB *tb, QIInsn *insn)
{
    (void)vcpu, (void)tb;
    QIArg pc = qi_arg_const(qi_insn_vaddr(insn));
    qi_gen_mem_exec(insn, filter, on_access, 1, &pc);
}

/* Reads the arguments into filter, text and out_path; -1 if one is bad. */
static int parse_args(int argc, const char **argv)
{
    static const char *const keys[] = { "access", "format", "out", NULL };
    const char *v[3];
    if (qi_args_parse(argc, argv, keys, v) != 0) {
        return -1;
    }
    if (v[0] != NULL) {
        if (strcmp(v[0], "r") == 0) {
            filter = QI_MEM_R;
        } else if (strcmp(v[0], "w") == 0) {
            filter = QI_MEM_W;
        } else if (strcmp(v[0], "rw") != 0) {
            qi_set_error("bad access '%s' (expected r, w or rw)", v[0]);
            return -1;
        }
    }
    if (v[1] != NULL && strcmp(v[1], "text") == 0) {
        text = true;
    } else if (v[1] != NULL && strcmp(v[1], "bin") != 0) {
        qi_set_error("bad format '%s' (expected bin or text)", v[1]);
        return -1;
    }
    out_path = v[2];
    if (!text && (out_path == NULL || strcmp(out_path, "-") == 0)) {
        qi_set_error("format=bin needs out=FILE");
        return -1;
    }
    return 0;
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    if (parse_args(argc, argv) != 0 ||
        (out = qi_open_output(out_path)) == NULL) {
        return -1;
    }
    setvbuf(out, NULL, _IOFBF, 1 << 20);
    if (!text) {
        uint8_t header[MT_HEADER_SIZE];
        mt_encode_header(header);
        fwrite(header, sizeof(header), 1, out);
    }
    qi_event_set_guest_insn_before_trans(insn_translated);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    qi_close_output(out); /* reports a write error */
}
