/*
 * The BBL trace writer: the bbv library's trace= output, in the format of
 * tools/bbltrace-format.h (docs/bbltrace.md).
 *
 * Blocks are described once, at translation; executions are block ids,
 * buffered per vCPU and written in chunks, so the execution path only
 * stores an id.  One process-wide trace.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef QI_BBV_TRACE_H
#define QI_BBV_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** BBL_TRACE_CHUNK: executions buffered per vCPU before a write. */
#define BBL_TRACE_CHUNK 16384

/** BBLTraceBuffer: one vCPU's executions not yet written. */
typedef struct BBLTraceBuffer {
    uint32_t vcpu;
    uint32_t n;
    uint32_t ids[BBL_TRACE_CHUNK];
} BBLTraceBuffer;

/**
 * bbl_trace_open() - create the trace and write its header.
 * @path: the file.
 *
 * Returns false after qi_set_error() naming @path.
 */
bool bbl_trace_open(const char *path);

/**
 * bbl_trace_block() - describe a new block (any thread).
 * @id: its id; @vaddr: its address; @n_insns: its instructions;
 * @code: its @n_bytes bytes.
 */
void bbl_trace_block(uint32_t id, uint64_t vaddr, uint32_t n_insns,
                     const void *code, size_t n_bytes);

/** bbl_trace_flush() - write @buf's executions (any thread) and empty it. */
void bbl_trace_flush(BBLTraceBuffer *buf);

/**
 * bbl_trace_exec() - record one execution; on the buffer's vCPU thread.
 * A full buffer is written before, not after, so that the last execution
 * stays in it (bbl_trace_replace_last()).
 */
static inline void bbl_trace_exec(BBLTraceBuffer *buf, uint32_t id)
{
    if (__builtin_expect(buf->n == BBL_TRACE_CHUNK, 0)) {
        bbl_trace_flush(buf);
    }
    buf->ids[buf->n++] = id;
}

/**
 * bbl_trace_replace_last() - the last execution recorded was of block @id
 * instead (0: drop it); on the buffer's vCPU thread.
 */
static inline void bbl_trace_replace_last(BBLTraceBuffer *buf, uint32_t id)
{
    if (buf->n > 0) {
        if (id != 0) {
            buf->ids[buf->n - 1] = id;
        } else {
            buf->n--;
        }
    }
}

/**
 * bbl_trace_close() - write the END record and close the trace.
 *
 * Every buffer must have been flushed.  Reports a write error on stderr.
 */
void bbl_trace_close(void);

#endif /* QI_BBV_TRACE_H */
