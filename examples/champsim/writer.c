/*
 * Compressed trace files (writer.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "writer.h"

#include <lzma.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <qemu-instr/qi.h>

/*
 * Fast presets: a trace grows by 64 bytes per guest instruction, and its
 * records are so alike that stronger settings gain little.  xz preset 1
 * needs about 10 MiB per trace to compress, 2 MiB to read.
 */
#define XZ_PRESET 1
#define GZ_LEVEL 1
#define OUT_CHUNK (256 * 1024)

typedef enum { RAW, GZ, XZ } Compression;

struct TraceWriter {
    FILE *f;
    char *path;
    Compression kind;
    lzma_stream xz;
    z_stream gz;
    uint8_t out[OUT_CHUNK];
};

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

const char *champsim_suffix(const char *path)
{
    size_t n = strlen(path);
    return ends_with(path, ".xz") || ends_with(path, ".gz") ? path + n - 3
                                                            : path + n;
}

/* Free @w's compressor state (after a failed start, none is held). */
static void end_compressor(TraceWriter *w)
{
    if (w->kind == XZ) {
        lzma_end(&w->xz);
    } else if (w->kind == GZ) {
        deflateEnd(&w->gz);
    }
}

TraceWriter *trace_writer_open(const char *path)
{
    TraceWriter *w = calloc(1, sizeof(*w));
    if (w == NULL || (w->path = strdup(path)) == NULL) {
        qi_set_error("%s: out of memory", path);
        free(w);
        return NULL;
    }
    w->kind = ends_with(path, ".xz") ? XZ : ends_with(path, ".gz") ? GZ : RAW;
    if (w->kind == XZ) {
        w->xz = (lzma_stream)LZMA_STREAM_INIT;
        if (lzma_easy_encoder(&w->xz, XZ_PRESET, LZMA_CHECK_CRC64) != LZMA_OK) {
            qi_set_error("%s: cannot start the xz compressor", path);
            goto fail;
        }
    } else if (w->kind == GZ) {
        /* 16 + 15: a gzip header and trailer around the deflate stream. */
        if (deflateInit2(&w->gz, GZ_LEVEL, Z_DEFLATED, 16 + 15, 8,
                         Z_DEFAULT_STRATEGY) != Z_OK) {
            qi_set_error("%s: cannot start the gzip compressor", path);
            goto fail;
        }
    }
    if ((w->f = qi_open_output(path)) != NULL) {
        return w;
    }
    end_compressor(w);
fail:
    free(w->path);
    free(w);
    return NULL;
}

/* Run the compressor over @n bytes of @buf; @finish ends the stream. */
static bool run_compressor(TraceWriter *w, const void *buf, size_t n, bool finish)
{
    if (w->kind == XZ) {
        w->xz.next_in = buf;
        w->xz.avail_in = n;
        for (;;) {
            w->xz.next_out = w->out;
            w->xz.avail_out = sizeof(w->out);
            lzma_ret ret = lzma_code(&w->xz, finish ? LZMA_FINISH : LZMA_RUN);
            fwrite(w->out, 1, sizeof(w->out) - w->xz.avail_out, w->f);
            if (ret == LZMA_STREAM_END ||
                (ret == LZMA_OK && !finish && w->xz.avail_in == 0 &&
                 w->xz.avail_out != 0)) {
                return true;
            }
            if (ret != LZMA_OK) {
                qi_set_error("%s: xz compression failed (liblzma error %d)",
                             w->path, (int)ret);
                return false;
            }
        }
    }
    w->gz.next_in = (Bytef *)(uintptr_t)buf;
    w->gz.avail_in = (uInt)n;
    for (;;) {
        w->gz.next_out = w->out;
        w->gz.avail_out = sizeof(w->out);
        int ret = deflate(&w->gz, finish ? Z_FINISH : Z_NO_FLUSH);
        fwrite(w->out, 1, sizeof(w->out) - w->gz.avail_out, w->f);
        if (ret == Z_STREAM_END ||
            (ret == Z_OK && !finish && w->gz.avail_in == 0 &&
             w->gz.avail_out != 0)) {
            return true;
        }
        if (ret != Z_OK && ret != Z_BUF_ERROR) {
            qi_set_error("%s: gzip compression failed (zlib error %d)",
                         w->path, ret);
            return false;
        }
    }
}

bool trace_writer_write(TraceWriter *w, const void *buf, size_t n)
{
    if (w->kind == RAW) {
        fwrite(buf, 1, n, w->f);
        return true;
    }
    return run_compressor(w, buf, n, false);
}

int trace_writer_close(TraceWriter *w)
{
    bool ok = w->kind == RAW || run_compressor(w, NULL, 0, true);
    int status = qi_close_output(w->f); /* reports a write error */
    trace_writer_discard(w);
    return ok ? status : -1;
}

void trace_writer_discard(TraceWriter *w)
{
    end_compressor(w);
    free(w->path);
    free(w);
}
