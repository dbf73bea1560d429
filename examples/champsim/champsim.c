/*
 * champsim: ChampSim traces, one per vCPU: one 64-byte record per executed
 * instruction, in execution order (tools/champsim-format.h,
 * docs/champsim.md).
 *
 * Translation: each instruction is decoded once with Capstone into its
 * static part (describe.h: address, branch kind, registers), kept until
 * QEMU discards its translated code.  Execution: a call before each
 * instruction, whose argument is that description, and a call at each of
 * its memory accesses.  A record is only complete when the vCPU's next
 * instruction starts, since that tells whether a conditional branch was
 * taken: each vCPU holds one pending record, which the next instruction's
 * call finishes (taken: the new pc is not the branch's fall-through) and
 * appends to the vCPU's buffer, before starting its own.  Memory calls add
 * their address to the pending record: stores to destination_memory (at
 * most 2), loads to source_memory (at most 4), in the order of the
 * accesses, the first address of each 64-byte line only, extra ones
 * dropped.  A full buffer goes through
 * the vCPU's compressor (writer.h).  Per-vCPU state is touched only by its
 * vCPU's thread until it exits (its last record is then written with
 * branch_taken 0 if it was a conditional branch) or qi_fini.
 *
 * Arguments: out=PATH (required).  vCPU N writes PATH with ".N" inserted
 * before its compression suffix: out=t.champsim.xz gives t.champsim.0.xz,
 * t.champsim.1.xz, ...  "%w" and "%p" in PATH as for every output; with
 * "%p", each process the guest forks is traced into files of its own, from
 * its first instruction after the fork (without it, children are not
 * traced, and the run says so).
 * Guests: x86_64 and aarch64.
 *
 * SPDX-License-Identifier: MIT
 */
#include <glib.h>
#include <string.h>

#include <qemu-instr/qi.h>

#include "describe.h"
#include "tools/champsim-format.h"
#include "writer.h"

QI_EXPORT const int qi_api_version = QI_API_VERSION;

/*
 * An instruction's accesses to one cache line of this size are one
 * address: ChampSim simulates lines, and so the same accesses give the
 * same addresses whether QEMU splits them (QEMU 7.2 reports a 16-byte
 * vector access as two of 8 bytes) or not.
 */
#define LINE 64

/* Records buffered per vCPU before they go to the compressor. */
#define BUFFER_RECORDS 4096

typedef struct VCPU {
    TraceWriter *trace;
    ChampsimRecord pending;   /* the instruction running, if has_pending */
    bool has_pending;
    bool conditional;
    uint64_t fallthrough;
    unsigned n_dst_mem, n_src_mem;
    size_t n;                 /* bytes in buf */
    uint8_t buf[BUFFER_RECORDS * CHAMPSIM_RECORD_SIZE];
} VCPU;

/* Descriptions of translated instructions, freed when QEMU flushes. */
typedef struct Chunk {
    struct Chunk *next;
    unsigned used;
    ChampsimInsn insns[1024];
} Chunk;

static const char *out_path;
static ChampsimDecoder decoder;
static GMutex decoder_lock;   /* guards decoder and chunks */
static Chunk *chunks;
static VCPU **vcpus;          /* qi_vcpu_max() slots */

/* vCPU @index's state and open trace, or NULL after qi_set_error(). */
static VCPU *vcpu_new(unsigned int index)
{
    const char *suffix = champsim_suffix(out_path);
    g_autofree char *path = g_strdup_printf("%.*s.%u%s",
                                            (int)(suffix - out_path), out_path,
                                            index, suffix);
    TraceWriter *trace = trace_writer_open(path);
    if (trace == NULL) {
        return NULL;
    }
    VCPU *v = g_new0(VCPU, 1);
    v->trace = trace;
    return vcpus[index] = v;
}

static void flush(VCPU *v)
{
    if (v->n != 0) {
        trace_writer_write(v->trace, v->buf, v->n);
        v->n = 0;
    }
}

/* The pending record is complete: the vCPU's next pc is @next_ip. */
static inline void complete(VCPU *v, uint64_t next_ip)
{
    if (v->conditional) {
        v->pending.branch_taken = next_ip != v->fallthrough;
    }
    champsim_encode(v->buf + v->n, &v->pending);
    v->n += CHAMPSIM_RECORD_SIZE;
    v->has_pending = false;
    if (v->n == sizeof(v->buf)) {
        flush(v);
    }
}

/* Before each instruction: args[0] is its ChampsimInsn. */
static void insn_executed(QICPU vcpu, const uint64_t *args)
{
    unsigned int i = qi_cpu_index(vcpu);
    VCPU *v = vcpus[i];
    if (G_UNLIKELY(v == NULL) && (v = vcpu_new(i)) == NULL) {
        return;
    }
    const ChampsimInsn *d = (const ChampsimInsn *)(uintptr_t)args[0];
    if (v->has_pending) {
        complete(v, d->ip);
    }
    v->pending = (ChampsimRecord){
        .ip = d->ip,
        .is_branch = d->is_branch,
        .branch_taken = d->branch_taken,
    };
    memcpy(v->pending.dst_regs, d->dst_regs, sizeof(d->dst_regs));
    memcpy(v->pending.src_regs, d->src_regs, sizeof(d->src_regs));
    v->has_pending = true;
    v->conditional = d->conditional;
    v->fallthrough = d->fallthrough;
    v->n_dst_mem = v->n_src_mem = 0;
}

/*
 * Adds @vaddr to @slots (@n used of @cap) unless its cache line is there
 * already or the slots are full.
 */
static inline void add_address(uint64_t *slots, unsigned *n, unsigned cap,
                               uint64_t vaddr)
{
    for (unsigned i = 0; i < *n; i++) {
        if (slots[i] / LINE == vaddr / LINE) {
            return;
        }
    }
    if (*n < cap) {
        slots[(*n)++] = vaddr;
    }
}

static void mem_accessed(QICPU vcpu, uint64_t vaddr, QIMemInfo info,
                         const uint64_t *args)
{
    (void)args;
    VCPU *v = vcpus[qi_cpu_index(vcpu)];
    if (v == NULL || !v->has_pending || vaddr == 0) {
        return; /* 0 would read as an empty slot */
    }
    if (info.store) {
        add_address(v->pending.dst_mem, &v->n_dst_mem, CHAMPSIM_DST_MEMS,
                    vaddr);
    } else {
        add_address(v->pending.src_mem, &v->n_src_mem, CHAMPSIM_SRC_MEMS,
                    vaddr);
    }
}

/* A description that lives until the next flush; under decoder_lock. */
static ChampsimInsn *new_description(void)
{
    if (chunks == NULL || chunks->used == G_N_ELEMENTS(chunks->insns)) {
        Chunk *c = g_new(Chunk, 1);
        c->next = chunks;
        c->used = 0;
        chunks = c;
    }
    return &chunks->insns[chunks->used++];
}

static void insn_translated(QICPU vcpu, QITB *tb, QIInsn *insn)
{
    (void)vcpu, (void)tb;
    g_mutex_lock(&decoder_lock);
    ChampsimInsn *d = new_description();
    champsim_describe(&decoder, qi_insn_data(insn), qi_insn_size(insn),
                      qi_insn_vaddr(insn), qi_insn_class(insn), d);
    g_mutex_unlock(&decoder_lock);
    QIArg arg = qi_arg_const((uintptr_t)d);
    qi_gen_insn_exec(insn, insn_executed, 1, &arg);
    qi_gen_mem_exec(insn, QI_MEM_RW, mem_accessed, 0, NULL);
}

/* QEMU discarded its translated code: no call uses a description now. */
static void flushed(void)
{
    g_mutex_lock(&decoder_lock);
    while (chunks != NULL) {
        Chunk *next = chunks->next;
        g_free(chunks);
        chunks = next;
    }
    g_mutex_unlock(&decoder_lock);
}

/*
 * A vCPU goes away: its last record is written (nothing follows it, so a
 * conditional branch there counts as not taken).  The trace stays open: a
 * later vCPU with the same index (a new guest thread) continues it.
 */
static void vcpu_exited(QICPU vcpu)
{
    VCPU *v = vcpus[qi_cpu_index(vcpu)];
    if (v != NULL) {
        if (v->has_pending) {
            complete(v, v->fallthrough);
        }
        flush(v);
    }
}

/*
 * In a forked child: the parent's traces (their files already closed
 * unwritten) and pending records are the parent's; trace the child into
 * files of its own.
 */
static int forked(QICPU vcpu)
{
    if (strstr(out_path, "%p") == NULL) {
        return -1; /* the child would write the parent's files */
    }
    for (unsigned int i = 0; i < qi_vcpu_max(); i++) {
        if (vcpus[i] != NULL) {
            trace_writer_discard(vcpus[i]->trace);
            g_clear_pointer(&vcpus[i], g_free);
        }
    }
    return vcpu_new(qi_cpu_index(vcpu)) != NULL ? 0 : -1;
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    static const char *const keys[] = { "out", NULL };
    const char *v[1];
    if (qi_args_parse(argc, argv, keys, v) != 0) {
        return -1;
    }
    out_path = v[0];
    if (out_path == NULL || strcmp(out_path, "-") == 0) {
        qi_set_error("missing out=PATH (traces are binary files)");
        return -1;
    }
    if (!champsim_decoder_open(&decoder, qi_guest_arch())) {
        qi_set_error("cannot trace %s guests (ChampSim traces are made of "
                     "x86_64 and aarch64 guests)", qi_guest_arch());
        return -1;
    }
    vcpus = g_new0(VCPU *, qi_vcpu_max());
    /* vCPU 0's trace now, so that a bad out= refuses the load. */
    if (vcpu_new(0) == NULL) {
        g_free(vcpus);
        champsim_decoder_close(&decoder);
        return -1;
    }
    qi_event_set_guest_insn_before_trans(insn_translated);
    qi_event_set_guest_cpu_exit(vcpu_exited);
    qi_event_set_flush(flushed);
    qi_event_set_guest_fork_child(forked);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    for (unsigned int i = 0; i < qi_vcpu_max(); i++) {
        VCPU *v = vcpus[i];
        if (v != NULL) {
            if (v->has_pending) {
                complete(v, v->fallthrough);
            }
            flush(v);
            trace_writer_close(v->trace);
            g_free(v);
        }
    }
    g_clear_pointer(&vcpus, g_free);
    flushed();
    champsim_decoder_close(&decoder);
}
