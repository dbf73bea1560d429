/*
 * A library's function symbols, read from its file at load, so that a
 * crash can be blamed on a function from inside a signal handler, where
 * dladdr() (it takes the dynamic loader's lock) may not run.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_SYMBOLS_H
#define QEMU_INSTR_SYMBOLS_H

#include <stdint.h>

typedef struct Symbols Symbols;

/*
 * The functions of the ELF shared object @path (its full symbol table,
 * else its dynamic one); NULL if it has neither or cannot be read.
 */
Symbols *symbols_read(const char *path);

void symbols_free(Symbols *symbols);

/*
 * The function whose code holds @offset (from the object's load base), or
 * NULL.  Async-signal-safe: no allocation, no lock.
 */
const char *symbols_find(const Symbols *symbols, uintptr_t offset);

#endif /* QEMU_INSTR_SYMBOLS_H */
