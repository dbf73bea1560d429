/*
 * A trace file written through a compressor chosen by the file's name, as
 * ChampSim chooses its decompressor: ".xz" (liblzma), ".gz" (zlib),
 * anything else raw.  Streamed: memory stays bounded (the compressor's
 * state and one output buffer) whatever the trace's length.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef QI_CHAMPSIM_WRITER_H
#define QI_CHAMPSIM_WRITER_H

#include <stdbool.h>
#include <stddef.h>

/** TraceWriter: one open trace (opaque). */
typedef struct TraceWriter TraceWriter;

/** champsim_suffix() - where @path's compression suffix starts (its end if none). */
const char *champsim_suffix(const char *path);

/**
 * trace_writer_open() - create @path with qi_open_output() (so "%w" and
 * "%p" work) and start its compressor.  Returns NULL after qi_set_error().
 */
TraceWriter *trace_writer_open(const char *path);

/**
 * trace_writer_write() - compress and write @n bytes.  Returns false
 * after qi_set_error() if the compressor fails; write errors are reported
 * by trace_writer_close().
 */
bool trace_writer_write(TraceWriter *w, const void *buf, size_t n);

/**
 * trace_writer_close() - end the compressed stream, close the file and
 * free @w.  Returns 0, or -1 after a one-line report of what failed.
 */
int trace_writer_close(TraceWriter *w);

/**
 * trace_writer_discard() - free @w without writing or closing its file:
 * in a forked child, whose streams the runtime has already closed unwritten
 * (they are the parent's).
 */
void trace_writer_discard(TraceWriter *w);

#endif /* QI_CHAMPSIM_WRITER_H */
