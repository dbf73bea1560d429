/*
 * Reading possibly compressed files (trace-input.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "trace-input.h"

#include <errno.h>
#include <inttypes.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define IN_CHUNK (64 * 1024)

typedef enum { RAW, GZ, XZ } Compression;

struct TraceInput {
    FILE *f;
    Compression kind;
    TraceInputStatus status;
    bool eof;                 /* no more bytes in the file */
    uint64_t file_offset;     /* of the first byte not yet in in[] */
    uint8_t in[IN_CHUNK];
    size_t in_pos, in_len;    /* in[in_pos..in_len) not consumed yet */
    lzma_stream xz;
    z_stream gz;
    char error[256];
};

static const uint8_t xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
static const uint8_t gz_magic[2] = { 0x1f, 0x8b };

/* Fills in[] when it is empty; false at the end of the file or an error. */
static bool refill(TraceInput *t)
{
    if (t->in_pos < t->in_len) {
        return true;
    }
    t->in_pos = t->in_len = 0;
    if (t->eof) {
        return false;
    }
    t->in_len = fread(t->in, 1, sizeof(t->in), t->f);
    t->file_offset += t->in_len;
    if (t->in_len < sizeof(t->in)) {
        if (ferror(t->f)) {
            t->status = TRACE_INPUT_ERROR;
            snprintf(t->error, sizeof(t->error), "read error at byte %" PRIu64
                     " (%s)", t->file_offset, strerror(errno));
            return false;
        }
        t->eof = true;
    }
    return t->in_len != 0;
}

/* The offset in the file of in[in_pos]. */
static uint64_t consumed(const TraceInput *t)
{
    return t->file_offset - (t->in_len - t->in_pos);
}

TraceInput *trace_input_open(const char *path)
{
    TraceInput *t = calloc(1, sizeof(*t));
    if (t == NULL) {
        return NULL;
    }
    if ((t->f = fopen(path, "rb")) == NULL) {
        int e = errno;
        free(t);
        errno = e;
        return NULL;
    }
    refill(t);
    if (t->status == TRACE_INPUT_ERROR) {
        fclose(t->f);
        free(t);
        errno = EIO;
        return NULL;
    }
    if (t->in_len >= sizeof(xz_magic) &&
        memcmp(t->in, xz_magic, sizeof(xz_magic)) == 0) {
        t->kind = XZ;
        t->xz = (lzma_stream)LZMA_STREAM_INIT;
        if (lzma_stream_decoder(&t->xz, UINT64_MAX, LZMA_CONCATENATED) !=
            LZMA_OK) {
            t->status = TRACE_INPUT_ERROR;
            snprintf(t->error, sizeof(t->error), "cannot start liblzma");
        }
    } else if (t->in_len >= sizeof(gz_magic) &&
               memcmp(t->in, gz_magic, sizeof(gz_magic)) == 0) {
        t->kind = GZ;
        if (inflateInit2(&t->gz, 16 + 15) != Z_OK) {
            t->status = TRACE_INPUT_ERROR;
            snprintf(t->error, sizeof(t->error), "cannot start zlib");
        }
    }
    return t;
}

const char *trace_input_format(const TraceInput *t)
{
    return t->kind == XZ ? "xz" : t->kind == GZ ? "gzip" : "raw";
}

static size_t read_raw(TraceInput *t, uint8_t *buf, size_t n)
{
    size_t got = 0;
    while (got < n && refill(t)) {
        size_t m = t->in_len - t->in_pos < n - got ? t->in_len - t->in_pos
                                                   : n - got;
        memcpy(buf + got, t->in + t->in_pos, m);
        t->in_pos += m;
        got += m;
    }
    if (got < n && t->status == TRACE_INPUT_OK) {
        t->status = TRACE_INPUT_END;
    }
    return got;
}

static void corrupt(TraceInput *t, const char *what, const char *detail)
{
    t->status = TRACE_INPUT_ERROR;
    snprintf(t->error, sizeof(t->error), "corrupt %s data near byte %"
             PRIu64 " of the file (%s)", what, consumed(t), detail);
}

static size_t read_xz(TraceInput *t, uint8_t *buf, size_t n)
{
    t->xz.next_out = buf;
    t->xz.avail_out = n;
    while (t->xz.avail_out != 0 && t->status == TRACE_INPUT_OK) {
        refill(t);
        if (t->status != TRACE_INPUT_OK) {
            break;
        }
        t->xz.next_in = t->in + t->in_pos;
        t->xz.avail_in = t->in_len - t->in_pos;
        lzma_ret ret = lzma_code(&t->xz, t->eof ? LZMA_FINISH : LZMA_RUN);
        t->in_pos = t->in_len - t->xz.avail_in;
        if (ret == LZMA_STREAM_END) {
            t->status = TRACE_INPUT_END;
        } else if (ret == LZMA_BUF_ERROR && t->eof) {
            t->status = TRACE_INPUT_CUT;
        } else if (ret == LZMA_DATA_ERROR || ret == LZMA_FORMAT_ERROR ||
                   ret == LZMA_OPTIONS_ERROR) {
            corrupt(t, "xz", ret == LZMA_DATA_ERROR ? "bad compressed data"
                    : ret == LZMA_FORMAT_ERROR ? "not xz data"
                    : "unsupported options");
        } else if (ret != LZMA_OK && ret != LZMA_BUF_ERROR) {
            t->status = TRACE_INPUT_ERROR;
            snprintf(t->error, sizeof(t->error), "liblzma error %d near byte %"
                     PRIu64 " of the file", (int)ret, consumed(t));
        }
    }
    return n - t->xz.avail_out;
}

static size_t read_gz(TraceInput *t, uint8_t *buf, size_t n)
{
    t->gz.next_out = buf;
    t->gz.avail_out = (uInt)n;
    while (t->gz.avail_out != 0 && t->status == TRACE_INPUT_OK) {
        if (!refill(t)) {
            if (t->status == TRACE_INPUT_OK) {
                t->status = TRACE_INPUT_CUT; /* inside a member */
            }
            break;
        }
        t->gz.next_in = t->in + t->in_pos;
        t->gz.avail_in = (uInt)(t->in_len - t->in_pos);
        int ret = inflate(&t->gz, Z_NO_FLUSH);
        t->in_pos = t->in_len - t->gz.avail_in;
        if (ret == Z_STREAM_END) {
            /* Another member may follow, as gzip writes with -c >>. */
            if (!refill(t)) {
                if (t->status == TRACE_INPUT_OK) {
                    t->status = TRACE_INPUT_END;
                }
            } else {
                inflateReset(&t->gz);
            }
        } else if (ret == Z_DATA_ERROR) {
            corrupt(t, "gzip", t->gz.msg != NULL ? t->gz.msg : "bad data");
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            t->status = TRACE_INPUT_ERROR;
            snprintf(t->error, sizeof(t->error), "zlib error %d near byte %"
                     PRIu64 " of the file", ret, consumed(t));
        }
    }
    return n - t->gz.avail_out;
}

size_t trace_input_read(TraceInput *t, void *buf, size_t n)
{
    if (t->status != TRACE_INPUT_OK) {
        return 0;
    }
    return t->kind == XZ ? read_xz(t, buf, n)
         : t->kind == GZ ? read_gz(t, buf, n)
                         : read_raw(t, buf, n);
}

TraceInputStatus trace_input_status(const TraceInput *t)
{
    return t->status;
}

const char *trace_input_error(const TraceInput *t)
{
    return t->error;
}

void trace_input_close(TraceInput *t)
{
    if (t->kind == XZ) {
        lzma_end(&t->xz);
    } else if (t->kind == GZ) {
        inflateEnd(&t->gz);
    }
    fclose(t->f);
    free(t);
}
