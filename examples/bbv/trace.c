/*
 * The BBL trace writer.
 *
 * SPDX-License-Identifier: MIT
 */
#include "trace.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include <qemu-instr/qi.h>

#include "tools/bbltrace-format.h"

static FILE *trace;
/* Records of different threads must not interleave. */
static GMutex lock;
static uint32_t n_blocks;
static uint64_t n_execs;

static void put32(uint32_t v)
{
    fwrite(&v, sizeof(v), 1, trace);
}

static void put64(uint64_t v)
{
    fwrite(&v, sizeof(v), 1, trace);
}

bool bbl_trace_open(const char *path)
{
    trace = qi_open_output(path);
    if (trace == NULL) {
        return false;
    }
    /* The END record's totals are this file's: with windows, each window's
     * qi_init opens a new trace after an earlier window's. */
    n_blocks = 0;
    n_execs = 0;
    fwrite(BBLT_MAGIC, 1, BBLT_MAGIC_LEN, trace);
    put32(BBLT_VERSION);
    put32(0);
    return true;
}

void bbl_trace_block(uint32_t id, uint64_t vaddr, uint32_t n_insns,
                     const void *code, size_t n_bytes)
{
    g_mutex_lock(&lock);
    put32(BBLT_BLOCK);
    put32(id);
    put64(vaddr);
    put32(n_insns);
    put32(n_bytes);
    fwrite(code, 1, n_bytes, trace);
    n_blocks++;
    g_mutex_unlock(&lock);
}

void bbl_trace_flush(BBLTraceBuffer *buf)
{
    if (buf->n == 0) {
        return;
    }
    g_mutex_lock(&lock);
    put32(BBLT_EXEC);
    put32(buf->vcpu);
    put32(buf->n);
    fwrite(buf->ids, sizeof(buf->ids[0]), buf->n, trace);
    n_execs += buf->n;
    g_mutex_unlock(&lock);
    buf->n = 0;
}

void bbl_trace_close(void)
{
    put32(BBLT_END);
    put32(n_blocks);
    put64(n_execs);
    qi_close_output(trace); /* reports a write error */
    trace = NULL;
}
