/*
 * Test library: lists every control transfer of the guest code QEMU
 * translates, once per address, as "ADDRESS CLASSES TARGET" (classes as
 * letters: B branch, C conditional, L call, R return, I indirect, S
 * system, U unknown; TARGET the direct target or -), then "arch NAME",
 * with qi_log().  Each listed instruction's qi_insn_fallthrough() must be
 * its address plus its size, or the library fails with qi_set_error().
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

static GMutex lock;
static GHashTable *seen; /* addresses listed */

static void insn_translated(QICPU vcpu, QITB *tb, QIInsn *insn)
{
    (void)vcpu, (void)tb;
    static const char letters[] = "BCLRISU";
    unsigned int c = qi_insn_class(insn);
    uint64_t vaddr = qi_insn_vaddr(insn);
    if (qi_insn_fallthrough(insn) != vaddr + qi_insn_size(insn)) {
        qi_set_error("fall-through of 0x%" PRIx64 " is 0x%" PRIx64, vaddr,
                     qi_insn_fallthrough(insn));
        return;
    }
    if (c == 0) {
        return;
    }
    char classes[sizeof(letters)] = "";
    for (unsigned i = 0, n = 0; letters[i] != '\0'; i++) {
        if (c & (1u << i)) {
            classes[n++] = letters[i];
        }
    }
    uint64_t target;
    char where[32] = "-";
    if (qi_insn_branch_target(insn, &target)) {
        snprintf(where, sizeof(where), "0x%" PRIx64, target);
    }
    g_mutex_lock(&lock);
    if (g_hash_table_add(seen, GSIZE_TO_POINTER(vaddr))) {
        qi_log("0x%" PRIx64 " %s %s", vaddr, classes, where);
    }
    g_mutex_unlock(&lock);
}

QI_EXPORT int qi_init(int argc, const char **argv)
{
    (void)argc, (void)argv;
    seen = g_hash_table_new(NULL, NULL);
    qi_event_set_guest_insn_before_trans(insn_translated);
    return 0;
}

QI_EXPORT void qi_fini(void)
{
    qi_log("arch %s", qi_guest_arch());
    g_hash_table_destroy(seen);
}
