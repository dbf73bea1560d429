/*
 * A library's function symbols (symbols.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "symbols.h"

#include <elf.h>
#include <glib.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>

typedef struct Function {
    uintptr_t start, end;
    char *name;
} Function;

struct Symbols {
    size_t count;
    Function *functions; /* sorted by start */
};

static int by_start(const void *a, const void *b)
{
    const Function *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Section @index of the file, or NULL if it lies outside the file. */
static const ElfW(Shdr) *section(const char *file, size_t size,
                                 const ElfW(Ehdr) *eh, unsigned int index)
{
    if (index >= eh->e_shnum ||
        eh->e_shoff + (index + 1) * sizeof(ElfW(Shdr)) > size) {
        return NULL;
    }
    return (const ElfW(Shdr) *)(file + eh->e_shoff) + index;
}

/* The table of @type with its strings, or NULL. */
static const ElfW(Shdr) *symbol_table(const char *file, size_t size,
                                      const ElfW(Ehdr) *eh, unsigned int type)
{
    for (unsigned int i = 0; i < eh->e_shnum; i++) {
        const ElfW(Shdr) *s = section(file, size, eh, i);
        if (s != NULL && s->sh_type == type && s->sh_offset + s->sh_size <=
            size && s->sh_entsize == sizeof(ElfW(Sym))) {
            return s;
        }
    }
    return NULL;
}

static Symbols *collect(const char *file, size_t size)
{
    const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)file;
    if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
        eh->e_ident[EI_CLASS] != (sizeof(void *) == 8 ? ELFCLASS64
                                                       : ELFCLASS32)) {
        return NULL;
    }
    const ElfW(Shdr) *table = symbol_table(file, size, eh, SHT_SYMTAB);
    if (table == NULL) {
        table = symbol_table(file, size, eh, SHT_DYNSYM);
    }
    const ElfW(Shdr) *strings =
        table ? section(file, size, eh, table->sh_link) : NULL;
    if (strings == NULL || strings->sh_offset + strings->sh_size > size) {
        return NULL;
    }
    const ElfW(Sym) *syms = (const ElfW(Sym) *)(file + table->sh_offset);
    size_t n = table->sh_size / sizeof(ElfW(Sym));
    GArray *functions = g_array_new(FALSE, FALSE, sizeof(Function));
    for (size_t i = 0; i < n; i++) {
        const ElfW(Sym) *s = &syms[i];
        if (ELF64_ST_TYPE(s->st_info) == STT_FUNC && s->st_shndx != SHN_UNDEF &&
            s->st_size > 0 && s->st_name < strings->sh_size) {
            Function f = { s->st_value, s->st_value + s->st_size,
                           g_strndup(file + strings->sh_offset + s->st_name,
                                     strings->sh_size - s->st_name) };
            g_array_append_val(functions, f);
        }
    }
    Symbols *symbols = g_new(Symbols, 1);
    symbols->count = functions->len;
    symbols->functions = (Function *)g_array_free(functions, FALSE);
    qsort(symbols->functions, symbols->count, sizeof(Function), by_start);
    return symbols;
}

Symbols *symbols_read(const char *path)
{
    g_autoptr(GMappedFile) mapped = g_mapped_file_new(path, FALSE, NULL);
    return mapped ? collect(g_mapped_file_get_contents(mapped),
                            g_mapped_file_get_length(mapped))
                  : NULL;
}

void symbols_free(Symbols *symbols)
{
    if (symbols != NULL) {
        for (size_t i = 0; i < symbols->count; i++) {
            g_free(symbols->functions[i].name);
        }
        g_free(symbols->functions);
        g_free(symbols);
    }
}

const char *symbols_find(const Symbols *symbols, uintptr_t offset)
{
    if (symbols == NULL) {
        return NULL;
    }
    /* The last function starting at or before @offset. */
    size_t lo = 0, hi = symbols->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (symbols->functions[mid].start <= offset) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo > 0 && offset < symbols->functions[lo - 1].end) {
        return symbols->functions[lo - 1].name;
    }
    return NULL;
}
