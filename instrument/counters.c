/*
 * Per-vCPU counters (counters.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "counters.h"

#include <glib.h>

#include "arena.h"
#include "atfork.h"
#include "backend.h"
#include "vcpus.h"

/*
 * v1 keeps the values itself, in chunks allocated on first use and never
 * moved, so vCPU threads read and write them without locks.
 */
#define CHUNK_VCPUS 64
#define CHUNKS 1024 /* vCPU indexes 0..65535; later ones share one slot */

struct QICounter {
    const void *owner;      /* its library, NULL for the runtime's own */
    BackendScore *score;    /* v2+ */
    uint64_t **chunks;      /* v1: CHUNKS of them */
    uint64_t beyond;        /* v1, vCPU indexes past the chunks (atomic) */
};

static GMutex lock;
ATFORK_GUARD(lock)
static GHashTable *all; /* QICounter *, every live one */

/* v1: inline additions were registered; vCPUs announced so far. */
static int inline_used;
static unsigned int vcpus_announced;

QICounter *counter_new(const void *owner)
{
    QICounter *c = g_new0(QICounter, 1);
    c->owner = owner;
    if (backend->score_new != NULL) {
        c->score = backend->score_new();
    } else {
        c->chunks = g_new0(uint64_t *, CHUNKS);
    }
    g_mutex_lock(&lock);
    if (all == NULL) {
        all = g_hash_table_new(NULL, NULL);
    }
    g_hash_table_add(all, c);
    g_mutex_unlock(&lock);
    return c;
}

static void counter_free(QICounter *c)
{
    if (c->score != NULL) {
        backend->score_free(c->score);
    }
    for (unsigned i = 0; c->chunks != NULL && i < CHUNKS; i++) {
        g_free(c->chunks[i]);
    }
    g_free(c->chunks);
    g_free(c);
}

/* v1: where vCPU @index's value lives, allocated on first use. */
static uint64_t *slot(QICounter *c, unsigned int index)
{
    if (index >= CHUNKS * CHUNK_VCPUS) {
        return &c->beyond;
    }
    uint64_t **chunk = &c->chunks[index / CHUNK_VCPUS];
    uint64_t *values = __atomic_load_n(chunk, __ATOMIC_ACQUIRE);
    if (values == NULL) {
        uint64_t *fresh = g_new0(uint64_t, CHUNK_VCPUS);
        if (__atomic_compare_exchange_n(chunk, &values, fresh, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            values = fresh;
        } else {
            g_free(fresh);
        }
    }
    return &values[index % CHUNK_VCPUS];
}

/* ---------------------------------------------------------------------- */
/* Emitted work                                                          */

/* A call at the entry of @tb, or before @insn when it is not NULL. */
static void emit_call(BackendTB *tb, BackendInsn *insn, BackendExecFn fn,
                      void *data)
{
    if (insn != NULL) {
        backend->insn_exec(insn, fn, data, false);
    } else {
        backend->tb_exec(tb, fn, data, false);
    }
}

typedef struct AddCall {
    QICounter *counter;
    uint64_t amount;
} AddCall;

/* v1 with several vCPUs: only the running vCPU writes its own value. */
static void add_call(unsigned int vcpu, void *data)
{
    const AddCall *call = data;
    uint64_t *value = slot(call->counter, vcpu);
    if (value == &call->counter->beyond) {
        __atomic_fetch_add(value, call->amount, __ATOMIC_RELAXED);
    } else {
        *value += call->amount;
    }
}

void counter_emit_add(BackendTB *tb, BackendInsn *insn, QICounter *c,
                      uint64_t amount, bool ordered)
{
    if (c->score != NULL) {
        if (insn != NULL) {
            backend->insn_score_add(insn, c->score, amount);
        } else {
            backend->tb_score_add(tb, c->score, amount);
        }
    } else if (!ordered &&
               __atomic_load_n(&vcpus_announced, __ATOMIC_ACQUIRE) < 2) {
        /* One vCPU so far: it translates, and is the only one to run. */
        g_atomic_int_set(&inline_used, 1);
        counter_emit_plain_add(tb, insn, slot(c, vcpus_this_thread()), amount);
    } else {
        AddCall *call = arena_alloc(sizeof(AddCall));
        *call = (AddCall){ c, amount };
        emit_call(tb, insn, add_call, call);
    }
}

static bool holds(uint64_t a, QICond cond, uint64_t b)
{
    switch (cond) {
    case QI_COND_EQ: return a == b;
    case QI_COND_NE: return a != b;
    case QI_COND_LT: return a < b;
    case QI_COND_LE: return a <= b;
    case QI_COND_GT: return a > b;
    case QI_COND_GE: return a >= b;
    }
    return false;
}

typedef struct CondCall {
    QICounter *counter;
    QICond cond;
    uint64_t value;
    BackendExecFn fn;
    void *data;
} CondCall;

/* v1's conditional call: test, then forward. */
static void cond_call(unsigned int vcpu, void *data)
{
    const CondCall *call = data;
    if (holds(counter_get(call->counter, vcpu), call->cond, call->value)) {
        call->fn(vcpu, call->data);
    }
}

void counter_emit_exec_if(BackendTB *tb, BackendInsn *insn, QICounter *c,
                          QICond cond, uint64_t value, BackendExecFn fn,
                          void *data, bool regs)
{
    if (c->score != NULL) {
        if (insn != NULL) {
            backend->insn_exec_if(insn, c->score, cond, value, fn, data, regs);
        } else {
            backend->tb_exec_if(tb, c->score, cond, value, fn, data, regs);
        }
        return;
    }
    CondCall *call = arena_alloc(sizeof(CondCall));
    *call = (CondCall){ c, cond, value, fn, data };
    emit_call(tb, insn, cond_call, call);
}

typedef struct PlainAddCall {
    uint64_t *counter;
    uint64_t amount;
} PlainAddCall;

/* v2+: QEMU's inline operations cannot reach an arbitrary address. */
static void atomic_add_call(unsigned int vcpu, void *data)
{
    (void)vcpu;
    const PlainAddCall *call = data;
    __atomic_fetch_add(call->counter, call->amount, __ATOMIC_RELAXED);
}

void counter_emit_plain_add(BackendTB *tb, BackendInsn *insn,
                            uint64_t *counter, uint64_t amount)
{
    if (backend->tb_add != NULL) {
        if (insn != NULL) {
            backend->insn_add(insn, counter, amount);
        } else {
            backend->tb_add(tb, counter, amount);
        }
        return;
    }
    PlainAddCall *call = arena_alloc(sizeof(PlainAddCall));
    *call = (PlainAddCall){ counter, amount };
    emit_call(tb, insn, atomic_add_call, call);
}

BackendScore *counter_score(const QICounter *c)
{
    return c->score;
}

void counters_vcpu_init(void)
{
    if (backend->score_new == NULL &&
        __atomic_add_fetch(&vcpus_announced, 1, __ATOMIC_ACQ_REL) == 2 &&
        g_atomic_int_get(&inline_used)) {
        backend_request_safepoint();
    }
}

void counters_free_owned_by(const void *owner)
{
    g_mutex_lock(&lock);
    GHashTableIter iter;
    gpointer c;
    if (all != NULL) {
        g_hash_table_iter_init(&iter, all);
        while (g_hash_table_iter_next(&iter, &c, NULL)) {
            if (((QICounter *)c)->owner == owner) {
                g_hash_table_iter_remove(&iter);
                counter_free(c);
            }
        }
    }
    g_mutex_unlock(&lock);
}

/* ---------------------------------------------------------------------- */
/* Values                                                                 */

void counter_delete(QICounter *c)
{
    if (c == NULL) {
        return;
    }
    g_mutex_lock(&lock);
    gboolean known = all != NULL && g_hash_table_remove(all, c);
    g_mutex_unlock(&lock);
    if (known) {
        counter_free(c);
    }
}

uint64_t counter_get(const QICounter *c, unsigned int vcpu_index)
{
    if (c->score != NULL) {
        return vcpu_index < vcpus_count()
                   ? backend->score_get(c->score, vcpu_index) : 0;
    }
    return __atomic_load_n(slot((QICounter *)c, vcpu_index),
                           __ATOMIC_RELAXED);
}

void counter_set(QICounter *c, unsigned int vcpu_index, uint64_t value)
{
    if (c->score != NULL) {
        if (vcpu_index < vcpus_count()) {
            backend->score_set(c->score, vcpu_index, value);
        }
        return;
    }
    __atomic_store_n(slot(c, vcpu_index), value, __ATOMIC_RELAXED);
}

uint64_t counter_sum(const QICounter *c)
{
    uint64_t sum = c->score ? 0 : __atomic_load_n(&c->beyond,
                                                  __ATOMIC_RELAXED);
    unsigned int n = vcpus_count();
    for (unsigned int i = 0; i < n && i < CHUNKS * CHUNK_VCPUS; i++) {
        sum += counter_get(c, i);
    }
    return sum;
}
