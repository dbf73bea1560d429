/*
 * The guest's memory layout, the same whatever libraries a run loads
 * (layout.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "layout.h"

#include <glib.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* Below the host's mappings: room for what the start-up libraries map. */
#define PAD_SIZE ((uintptr_t)64 << 30)

/* The largest block glibc's malloc takes from its heap when told to. */
#define HEAP_BLOCK_MAX (32 << 20)

typedef struct Range {
    uintptr_t start, end;
} Range;

static GArray *held; /* Range */

/* Map [@start, @end) inaccessible, without memory behind it. */
static void hold(uintptr_t start, uintptr_t end)
{
    void *p = mmap((void *)start, end - start, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
                       MAP_FIXED_NOREPLACE, -1, 0);
    if (p == (void *)start) {
        Range r = { start, end };
        g_array_append_val(held, r);
    } else if (p != MAP_FAILED) {
        munmap(p, end - start); /* a kernel that took it for a hint */
    }
}

/*
 * The host's mappings below its stack, in address order (the stack's room
 * to grow, just below it, stays free).
 */
static GArray *mappings_below_stack(void)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    if (maps == NULL) {
        return NULL;
    }
    GArray *ranges = g_array_new(FALSE, FALSE, sizeof(Range));
    char *line = NULL;
    size_t size = 0;
    while (getline(&line, &size, maps) > 0 && !strstr(line, "[stack]")) {
        unsigned long start, end;
        if (sscanf(line, "%lx-%lx", &start, &end) == 2) {
            Range r = { start, end };
            g_array_append_val(ranges, r);
        }
    }
    free(line);
    fclose(maps);
    return ranges;
}

/* How many malloc arenas the process has (glibc's malloc_info). */
static int arenas(void)
{
    char *xml = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&xml, &size);
    if (f == NULL) {
        return -1;
    }
    malloc_info(0, f);
    fclose(f);
    int n = 0;
    for (const char *p = xml; (p = strstr(p, "<heap nr=")) != NULL; p++) {
        n++;
    }
    free(xml);
    return n;
}

/*
 * QEMU's RCU thread, started with QEMU, makes itself a malloc arena (a
 * 64 MiB mapping) at its first allocation, usually long before this, but
 * later on a busy host: then among the guest's mappings, or not.  Wait
 * for it (at most a second), so that every run starts from the same map.
 */
static void wait_for_rcu_arena(void)
{
    for (int waited_ms = 0; waited_ms < 1000 && arenas() == 1; waited_ms++) {
        g_usleep(1000);
    }
}

void layout_hold(void)
{
    wait_for_rcu_arena();
    g_autoptr(GArray) maps = mappings_below_stack();
    if (maps == NULL || maps->len < 2) {
        return;
    }
    /*
     * mmap()'s area starts above the largest gap (the one between the
     * program's heap and the shared libraries).
     */
    guint first = 0;
    uintptr_t widest = 0;
    for (guint i = 1; i < maps->len; i++) {
        uintptr_t gap = g_array_index(maps, Range, i).start -
                        g_array_index(maps, Range, i - 1).end;
        if (gap > widest) {
            widest = gap;
            first = i;
        }
    }
    uintptr_t base = g_array_index(maps, Range, first).start;
    if (widest <= PAD_SIZE) {
        return; /* no room for the pad: leave the layout as it is */
    }
    held = g_array_new(FALSE, FALSE, sizeof(Range));
    for (guint i = first + 1; i < maps->len; i++) {
        uintptr_t start = g_array_index(maps, Range, i - 1).end;
        uintptr_t end = g_array_index(maps, Range, i).start;
        if (end > start) {
            hold(start, end);
        }
    }
    hold(base - PAD_SIZE, base);
    /*
     * The host's later allocations: from the heap, not from mappings made
     * among the guest's whenever a thread first allocates (an arena of its
     * own) or a block is large.
     */
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, HEAP_BLOCK_MAX);
}

void layout_release(void)
{
    for (guint i = 0; held != NULL && i < held->len; i++) {
        Range *r = &g_array_index(held, Range, i);
        munmap((void *)r->start, r->end - r->start);
    }
    g_clear_pointer(&held, g_array_unref);
}
