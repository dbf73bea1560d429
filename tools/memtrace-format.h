/*
 * memtrace-format.h: the memtrace example's binary trace format, shared by
 * the library that writes it (examples/memtrace) and the decoder that reads
 * it (tools/qi-memtrace).  Described for users in docs/memtrace.md.
 *
 * A file is a 16-byte header followed by 24-byte records, every integer
 * little-endian, no padding between records:
 *
 *   header   offset size
 *            0      8   magic "QIMTRACE"
 *            8      4   version (1)
 *            12     4   record size in bytes (24)
 *   record   0      8   vaddr: guest virtual address accessed
 *            8      8   pc: guest address of the accessing instruction
 *            16     4   vcpu: qi_cpu_index() of the accessing vCPU
 *            20     1   size_shift: log2 of the access size (0..MT_MAX_SIZE_SHIFT)
 *            21     1   flags: MT_STORE | MT_SIGN_EXTEND | MT_BIG_ENDIAN
 *            22     2   reserved, 0
 *
 * Records of different vCPUs interleave in the order they were written;
 * records of one vCPU are in its execution order.  There is no end marker:
 * a file whose length is not 16 + 24 N was cut short (a killed QEMU), and
 * its complete records are still good.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef QI_MEMTRACE_FORMAT_H
#define QI_MEMTRACE_FORMAT_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MT_MAGIC "QIMTRACE"
#define MT_MAGIC_SIZE 8
#define MT_VERSION 1
#define MT_HEADER_SIZE 16
#define MT_RECORD_SIZE 24

/* Bits of a record's flags byte. */
#define MT_STORE 0x1
#define MT_SIGN_EXTEND 0x2
#define MT_BIG_ENDIAN 0x4

/* The largest size_shift: 16-byte accesses (SSE, NEON), which QEMU 9 and
 * later report as one access where QEMU 7.2 reports two of 8 bytes. */
#define MT_MAX_SIZE_SHIFT 4

/** MTRecord: one memory access, decoded. */
typedef struct MTRecord {
    uint64_t vaddr;
    uint64_t pc;
    uint32_t vcpu;
    uint8_t size_shift;
    uint8_t flags;
} MTRecord;

/* Little-endian stores and loads, whatever the host's byte order. */
static inline void mt_put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static inline uint64_t mt_get_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

/** mt_encode_header() - the file header, in @buf. */
static inline void mt_encode_header(uint8_t buf[MT_HEADER_SIZE])
{
    memcpy(buf, MT_MAGIC, MT_MAGIC_SIZE);
    mt_put_le(buf + 8, MT_VERSION, 4);
    mt_put_le(buf + 12, MT_RECORD_SIZE, 4);
}

/** mt_encode() - @r as the bytes of a record, in @buf. */
static inline void mt_encode(uint8_t buf[MT_RECORD_SIZE], const MTRecord *r)
{
    mt_put_le(buf, r->vaddr, 8);
    mt_put_le(buf + 8, r->pc, 8);
    mt_put_le(buf + 16, r->vcpu, 4);
    buf[20] = r->size_shift;
    buf[21] = r->flags;
    buf[22] = buf[23] = 0;
}

/** mt_decode() - the record whose bytes are in @buf. */
static inline MTRecord mt_decode(const uint8_t buf[MT_RECORD_SIZE])
{
    return (MTRecord){
        .vaddr = mt_get_le(buf, 8),
        .pc = mt_get_le(buf + 8, 8),
        .vcpu = (uint32_t)mt_get_le(buf + 16, 4),
        .size_shift = buf[20],
        .flags = buf[21],
    };
}

/**
 * mt_print() - a record as one line of text, the format=text output:
 *
 *     VCPU PC load|store SIZE le|be signed|unsigned VADDR
 *     0 0x401009 store 8 le unsigned 0x402000
 *
 * SIZE in bytes; PC and VADDR in hexadecimal.
 */
static inline void mt_print(FILE *out, const MTRecord *r)
{
    fprintf(out, "%" PRIu32 " 0x%" PRIx64 " %s %u %s %s 0x%" PRIx64 "\n",
            r->vcpu, r->pc, r->flags & MT_STORE ? "store" : "load",
            1u << r->size_shift, r->flags & MT_BIG_ENDIAN ? "be" : "le",
            r->flags & MT_SIGN_EXTEND ? "signed" : "unsigned", r->vaddr);
}

#endif /* QI_MEMTRACE_FORMAT_H */
