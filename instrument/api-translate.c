/*
 * The API of translation-time queries: what a block and its instructions
 * are (qi_tb_*, qi_insn_*).  Every handle is checked against the
 * translation in progress.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "backend.h"
#include "classify.h"
#include "translate.h"

uint64_t qi_tb_vaddr(const QITB *tb)
{
    return CHECK_TB(tb) ? tb->vaddr : 0;
}

size_t qi_tb_n_insns(const QITB *tb)
{
    return CHECK_TB(tb) ? tb->translation->n_insns : 0;
}

uint64_t qi_insn_vaddr(const QIInsn *insn)
{
    return CHECK_INSN(insn) ? insn->vaddr : 0;
}

size_t qi_insn_size(const QIInsn *insn)
{
    return CHECK_INSN(insn) ? backend->insn_size(insn->backend_insn) : 0;
}

const void *qi_insn_data(const QIInsn *insn)
{
    if (!CHECK_INSN(insn)) {
        return NULL;
    }
    if (insn->data == NULL) {
        /* Newer QEMUs only copy the bytes out: keep them with the code. */
        size_t size = backend->insn_size(insn->backend_insn);
        void *bytes = arena_alloc(size);
        backend->insn_read(insn->backend_insn, bytes, size);
        ((QIInsn *)insn)->data = bytes;
    }
    return insn->data;
}

char *qi_insn_disas(const QIInsn *insn)
{
    if (!CHECK_INSN(insn)) {
        return strdup("");
    }
    /* QEMU allocates with g_malloc; the API promises free(). */
    char *glib_string = backend->insn_disas(insn->backend_insn);
    char *s = strdup(glib_string ? glib_string : "");
    g_free(glib_string);
    return s;
}

const char *qi_insn_symbol(const QIInsn *insn)
{
    return CHECK_INSN(insn) ? backend->insn_symbol(insn->backend_insn) : NULL;
}

uint64_t qi_insn_fallthrough(const QIInsn *insn)
{
    return CHECK_INSN(insn) ? insn->vaddr + backend->insn_size(insn->backend_insn) : 0;
}

/* @insn's class; QI_INSN_UNKNOWN for a bad handle. */
static InsnClass class_of(const QIInsn *insn, const char *function)
{
    if (!translate_check_insn(insn, function)) {
        return (InsnClass){ .flags = QI_INSN_UNKNOWN };
    }
    uint8_t bytes[16]; /* the longest instruction of the decoded ISAs */
    size_t size = backend->insn_read(insn->backend_insn, bytes, sizeof(bytes));
    return classify(bytes, size, insn->vaddr);
}

unsigned int qi_insn_class(const QIInsn *insn)
{
    return class_of(insn, __func__).flags;
}

bool qi_insn_branch_target(const QIInsn *insn, uint64_t *target)
{
    InsnClass c = class_of(insn, __func__);
    if (c.has_target && target != NULL) {
        *target = c.target;
    }
    return c.has_target;
}

bool qi_can_classify(void)
{
    return classify_known();
}
