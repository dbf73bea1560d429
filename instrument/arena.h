/*
 * Memory whose lifetime is QEMU's translated code: emitted calls' argument
 * arrays, promises and copies of instruction bytes (the block and
 * instruction handles given to libraries are not here: see translate.h).
 * Everything is freed at once when QEMU flushes its translation cache (no translated
 * code can refer to it any more then), never piece by piece.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_ARENA_H
#define QEMU_INSTR_ARENA_H

#include <stddef.h>

/* Zeroed, 16-byte aligned memory, valid until arena_free_all().  Any thread. */
void *arena_alloc(size_t size);

/*
 * Free everything.  Only when no translated code can run and no translation
 * is in progress: in QEMU's flush callback or after a plugin reset.
 */
void arena_free_all(void);

#endif /* QEMU_INSTR_ARENA_H */
