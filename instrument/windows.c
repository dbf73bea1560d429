/*
 * Instruction windows (windows.h).
 *
 * The count is inline on v2+ (a scoreboard add, and an inline condition
 * against the next boundary, baked into the code: every change of window
 * happens at a safe point, which retranslates everything).  v1 has no
 * inline condition: one call per block adds and compares.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "windows.h"

#include "backend.h"
#include "counters.h"
#include "faults.h"
#include "lifecycle.h"
#include "vcpus.h"

/* The next window start or end, in the first vCPU's count; none: MAX. */
static uint64_t boundary = UINT64_MAX;
static QICounter *executed; /* v2+: instructions, per vCPU */
static uint64_t executed_v1; /* v1: the first vCPU's instructions */

static uint64_t first_vcpu_count(void)
{
    if (executed == NULL) {
        return executed_v1;
    }
    return vcpus_count() > 0 ? counter_get(executed, 0) : 0;
}

bool windows_pending(void)
{
    return boundary != UINT64_MAX;
}

/* v2+: a vCPU's count reached the boundary. */
static void reached(unsigned int vcpu_index, void *unused)
{
    (void)unused;
    if (vcpu_index == 0) {
        backend_request_safepoint();
    } else {
        /* Only the first vCPU's count matters: keep the others quiet. */
        counter_set(executed, vcpu_index, 0);
    }
}

/* v1: count a block of @insns instructions. */
static void count_block(unsigned int vcpu_index, void *insns)
{
    if (vcpu_index == 0 &&
        (executed_v1 += (uintptr_t)insns) >= boundary) {
        backend_request_safepoint();
    }
}

void windows_emit(BackendTB *tb, size_t insns, RetireLedger *ledger)
{
    if (!windows_pending()) {
        return;
    }
    if (backend->tb_exec_if != NULL) {
        if (executed == NULL) {
            executed = counter_new(NULL);
        }
        counter_emit_add(tb, NULL, executed, insns, false);
        retire_ledger_count(ledger, executed);
        counter_emit_exec_if(tb, NULL, executed, QI_COND_GE, boundary,
                             reached, NULL, false);
    } else {
        backend->tb_exec(tb, count_block, (void *)(uintptr_t)insns, false);
    }
}

/* Open or close @lib's windows that the count @now has reached. */
static void advance(Library *lib, uint64_t now)
{
    while (lib->window < lib->windows->len && library_is_active(lib)) {
        const LibraryWindow *w =
            &g_array_index(lib->windows, LibraryWindow, lib->window);
        uint64_t in = now - lib->window_base;
        g_autoptr(GError) error = NULL;
        if (lib->state == LIBRARY_ASLEEP && in >= w->start) {
            if (!library_wake(lib, &error)) {
                /* Its outputs for this window are lost: the run says so. */
                g_autofree char *line = g_strdup_printf(
                    "%s, at the start of its window %u (%" G_GUINT64_FORMAT
                    ":%" G_GUINT64_FORMAT "); it is disabled", error->message,
                    lib->window, w->start, w->end);
                library_fail(lib, line);
            }
        } else if (lib->state == LIBRARY_RUNNING && in >= w->end) {
            library_sleep(lib);
        } else {
            return;
        }
    }
}

uint64_t windows_position(void)
{
    return first_vcpu_count();
}

bool windows_apply(void)
{
    uint64_t now = first_vcpu_count();
    bool windowed = false, all_over = true;
    boundary = UINT64_MAX;
    for (guint i = 0; i < library_registry->len; i++) {
        Library *lib = g_ptr_array_index(library_registry, i);
        if (lib->windows->len == 0) {
            continue;
        }
        windowed = true;
        if (lib->window_base == UINT64_MAX) {
            lib->window_base = now; /* loaded at this safe point */
        }
        advance(lib, now);
        if (lib->window < lib->windows->len && library_is_active(lib)) {
            const LibraryWindow *w =
                &g_array_index(lib->windows, LibraryWindow, lib->window);
            boundary = MIN(boundary, lib->window_base +
                                         (lib->state == LIBRARY_ASLEEP ? w->start : w->end));
            all_over = false;
        }
    }
    return windowed && all_over;
}
