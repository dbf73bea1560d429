/*
 * Reading a file that may be compressed, told by its first bytes: xz
 * (liblzma, concatenated streams), gzip (zlib, concatenated members) or
 * raw.  Streamed: memory stays bounded whatever the file's size.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef QI_TRACE_INPUT_H
#define QI_TRACE_INPUT_H

#include <stddef.h>
#include <stdint.h>

/** TraceInput: an open input (opaque). */
typedef struct TraceInput TraceInput;

/** TraceInputStatus: how far reading went. */
typedef enum TraceInputStatus {
    TRACE_INPUT_OK,     /* more may follow */
    TRACE_INPUT_END,    /* the data ended where it should */
    TRACE_INPUT_CUT,    /* the compressed data ends before its end marker */
    TRACE_INPUT_ERROR,  /* corrupt data or a read error: trace_input_error() */
} TraceInputStatus;

/**
 * trace_input_open() - open @path and tell its compression.
 * Returns NULL with errno set if the file cannot be opened or read.
 */
TraceInput *trace_input_open(const char *path);

/** trace_input_format() - "xz", "gzip" or "raw". */
const char *trace_input_format(const TraceInput *t);

/**
 * trace_input_read() - read up to @n bytes of decompressed data into @buf.
 * Returns how many; fewer than @n only when the status is no longer
 * TRACE_INPUT_OK.
 */
size_t trace_input_read(TraceInput *t, void *buf, size_t n);

/** trace_input_status() - the status after the last read. */
TraceInputStatus trace_input_status(const TraceInput *t);

/**
 * trace_input_error() - what went wrong (TRACE_INPUT_ERROR), naming the
 * byte of the file where it was found.
 */
const char *trace_input_error(const TraceInput *t);

/** trace_input_close() - close the file and free @t. */
void trace_input_close(TraceInput *t);

#endif /* QI_TRACE_INPUT_H */
