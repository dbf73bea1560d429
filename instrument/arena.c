/*
 * Translation-lifetime memory (arena.h): a bump allocator over large chunks.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "arena.h"

#include <glib.h>
#include <string.h>

#include "atfork.h"

#define CHUNK_SIZE (256 * 1024)
#define ALIGNMENT 16

/* Translations may run concurrently in system mode (MTTCG): lock. */
static GMutex lock;
ATFORK_GUARD(lock)
static GPtrArray *chunks;  /* every chunk, the current one last */
static size_t used;        /* bytes used in the current chunk */
static size_t chunk_size;  /* size of the current chunk */

void *arena_alloc(size_t size)
{
    size = (size + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1);
    g_mutex_lock(&lock);
    if (chunks == NULL) {
        chunks = g_ptr_array_new_with_free_func(g_free);
    }
    if (chunks->len == 0 || used + size > chunk_size) {
        /* Oversized requests get a chunk of their own. */
        chunk_size = MAX(size, CHUNK_SIZE);
        g_ptr_array_add(chunks, g_malloc(chunk_size));
        used = 0;
    }
    char *p = (char *)g_ptr_array_index(chunks, chunks->len - 1) + used;
    used += size;
    g_mutex_unlock(&lock);
    return memset(p, 0, size);
}

void arena_free_all(void)
{
    g_mutex_lock(&lock);
    if (chunks != NULL) {
        g_ptr_array_set_size(chunks, 0);
    }
    used = chunk_size = 0;
    g_mutex_unlock(&lock);
}
