/*
 * The BBL trace file format, shared by its writer (the bbv library's
 * trace= option) and its reader (qi-bbltrace).  docs/bbltrace.md describes
 * it for everyone else.
 *
 * All integers are little-endian.  A file is a header followed by records;
 * every record starts with a 32-bit type:
 *
 *   header  "QIBBLT\r\n" (8 bytes), u32 version (1), u32 reserved (0)
 *   BLOCK   u32 type=1, u32 id, u64 vaddr, u32 n_insns, u32 n_bytes,
 *           n_bytes bytes (the block's code)
 *   EXEC    u32 type=2, u32 vcpu, u32 count, count x u32 block id
 *   END     u32 type=3, u32 n_blocks, u64 n_execs
 *
 * A block's BLOCK record precedes every EXEC record that names its id; the
 * EXEC records of one vCPU are in execution order.  END is the last record
 * and tells a complete file from one cut short (a killed QEMU), whose
 * complete records a reader still uses.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef QI_BBLTRACE_FORMAT_H
#define QI_BBLTRACE_FORMAT_H

#include <stdint.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the BBL trace reader and writer assume a little-endian host"
#endif

/** BBLT_MAGIC: the first 8 bytes of a trace (a "\r\n" catches text mode). */
#define BBLT_MAGIC "QIBBLT\r\n"
#define BBLT_MAGIC_LEN 8
/** BBLT_VERSION: the format version this header describes. */
#define BBLT_VERSION 1u

/** BBLTRecord: the type that starts every record after the header. */
typedef enum BBLTRecord {
    BBLT_BLOCK = 1,
    BBLT_EXEC = 2,
    BBLT_END = 3,
} BBLTRecord;

#endif /* QI_BBLTRACE_FORMAT_H */
