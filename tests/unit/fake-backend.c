/*
 * A fake QEMU for unit tests of the runtime core (fake-backend.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fake-backend.h"

#include <glib.h>
#include <string.h>

#define FAKE_MAX_VCPUS 64
#define FAKE_INSN_SIZE 4
#define FAKE_MEM_BASE 0x10000

struct BackendInsn {
    uint64_t vaddr;
    size_t index;
    GArray *work; /* FakeWork, before the instruction */
};

struct FakeTB {
    uint64_t vaddr;
    size_t n_insns;
    GArray *work; /* FakeWork, at the block's entry */
    struct BackendInsn *insns;
};

struct BackendScore {
    uint64_t values[FAKE_MAX_VCPUS];
};

static struct {
    FakeFamily family;
    const CoreHooks *hooks;
    bool started;
    bool translation, syscalls, syscall_returns;
    bool reset_pending;
    unsigned int resets;
    unsigned int fatal_catches;
    uint64_t executed[FAKE_MAX_VCPUS];
    unsigned int system_vcpus; /* 0: user mode */
    uint64_t svc_vaddr;        /* 0: none */
    bool x86;                  /* x86-64 instead of AArch64 */
    GHashTable *blocks; /* vaddr -> FakeTB * */
} fake;

static BackendTB *as_backend(FakeTB *tb)
{
    return (BackendTB *)tb;
}

static FakeTB *as_fake(const BackendTB *tb)
{
    return (FakeTB *)tb;
}

static void tb_free(gpointer data)
{
    FakeTB *tb = data;
    for (size_t i = 0; i < tb->n_insns; i++) {
        g_array_unref(tb->insns[i].work);
    }
    g_free(tb->insns);
    g_array_unref(tb->work);
    g_free(tb);
}

static void drop_blocks(void)
{
    g_hash_table_remove_all(fake.blocks);
}

/* ---------------------------------------------------------------------- */
/* The Backend's operations                                              */

static void start(const CoreHooks *hooks)
{
    fake.hooks = hooks;
    fake.started = true;
}

static void watch_translation(bool on)
{
    fake.translation = on;
}

static void watch_syscalls(bool on)
{
    fake.syscalls = on;
}

static void watch_syscall_returns(bool on)
{
    fake.syscall_returns = on;
}

/* QEMU's reset is asynchronous: reached later (fake_reach_safepoint). */
static void reset(void)
{
    fake.reset_pending = true;
    fake.resets++;
}

static uint64_t tb_vaddr(const BackendTB *tb)
{
    return as_fake(tb)->vaddr;
}

static size_t tb_n_insns(const BackendTB *tb)
{
    return as_fake(tb)->n_insns;
}

static BackendInsn *tb_insn(const BackendTB *tb, size_t index)
{
    return &as_fake(tb)->insns[index];
}

static uint64_t insn_vaddr(const BackendInsn *insn)
{
    return insn->vaddr;
}

static size_t insn_size(const BackendInsn *insn)
{
    (void)insn;
    return FAKE_INSN_SIZE;
}

/*
 * Every instruction is a 4-byte NOP but the trap of fake_set_svc(): on
 * AArch64 `nop` and `svc #0`, on x86-64 `nopl (%rax)` and `int $0x80`
 * (with two ds prefixes).
 */
static size_t insn_read(const BackendInsn *insn, void *dest, size_t size)
{
    static const uint8_t nop[2][FAKE_INSN_SIZE] = {
        { 0x1f, 0x20, 0x03, 0xd5 }, { 0x0f, 0x1f, 0x40, 0x00 } };
    static const uint8_t trap[2][FAKE_INSN_SIZE] = {
        { 0x01, 0x00, 0x00, 0xd4 }, { 0x3e, 0x3e, 0xcd, 0x80 } };
    size_t n = MIN(size, (size_t)FAKE_INSN_SIZE);
    memcpy(dest, insn->vaddr == fake.svc_vaddr ? trap[fake.x86] : nop[fake.x86],
           n);
    return n;
}

static char *insn_disas(const BackendInsn *insn)
{
    (void)insn;
    return g_strdup("nop");
}

static const char *insn_symbol(const BackendInsn *insn)
{
    (void)insn;
    return NULL;
}

static void record(GArray *scope, FakeWork work)
{
    g_array_append_val(scope, work);
}

static void tb_exec(BackendTB *tb, BackendExecFn fn, void *data, bool regs)
{
    record(as_fake(tb)->work,
           (FakeWork){ .kind = FAKE_EXEC, .fn = fn, .data = data,
                       .regs = regs });
}

static void insn_exec(BackendInsn *insn, BackendExecFn fn, void *data,
                      bool regs)
{
    record(insn->work, (FakeWork){ .kind = FAKE_EXEC, .fn = fn,
                                   .data = data, .regs = regs });
}

static void insn_mem(BackendInsn *insn, const BackendMemCall *call, bool regs)
{
    record(insn->work, (FakeWork){ .kind = FAKE_MEM, .mem = call,
                                   .regs = regs });
}

static void tb_add(BackendTB *tb, uint64_t *counter, uint64_t amount)
{
    record(as_fake(tb)->work, (FakeWork){ .kind = FAKE_ADD,
                                          .counter = counter,
                                          .amount = amount });
}

static void insn_add(BackendInsn *insn, uint64_t *counter, uint64_t amount)
{
    record(insn->work, (FakeWork){ .kind = FAKE_ADD, .counter = counter,
                                   .amount = amount });
}

static BackendScore *score_new(void)
{
    return g_new0(BackendScore, 1);
}

static void score_free(BackendScore *score)
{
    g_free(score);
}

static uint64_t score_get(BackendScore *score, unsigned int vcpu)
{
    g_assert(vcpu < FAKE_MAX_VCPUS);
    return score->values[vcpu];
}

static void score_set(BackendScore *score, unsigned int vcpu, uint64_t value)
{
    g_assert(vcpu < FAKE_MAX_VCPUS);
    score->values[vcpu] = value;
}

static void tb_score_add(BackendTB *tb, BackendScore *score, uint64_t amount)
{
    record(as_fake(tb)->work, (FakeWork){ .kind = FAKE_SCORE_ADD,
                                          .score = score,
                                          .amount = amount });
}

static void insn_score_add(BackendInsn *insn, BackendScore *score,
                           uint64_t amount)
{
    record(insn->work, (FakeWork){ .kind = FAKE_SCORE_ADD, .score = score,
                                   .amount = amount });
}

static void tb_score_store(BackendTB *tb, BackendScore *score,
                           uint64_t value)
{
    record(as_fake(tb)->work, (FakeWork){ .kind = FAKE_SCORE_STORE,
                                          .score = score, .amount = value });
}

static void insn_score_store(BackendInsn *insn, BackendScore *score,
                             uint64_t value)
{
    record(insn->work, (FakeWork){ .kind = FAKE_SCORE_STORE, .score = score,
                                   .amount = value });
}

static void tb_exec_if(BackendTB *tb, BackendScore *score, QICond cond,
                       uint64_t value, BackendExecFn fn, void *data,
                       bool regs)
{
    record(as_fake(tb)->work,
           (FakeWork){ .kind = FAKE_EXEC_IF, .score = score, .cond = cond,
                       .value = value, .fn = fn, .data = data,
                       .regs = regs });
}

static void insn_exec_if(BackendInsn *insn, BackendScore *score, QICond cond,
                         uint64_t value, BackendExecFn fn, void *data,
                         bool regs)
{
    record(insn->work, (FakeWork){ .kind = FAKE_EXEC_IF, .score = score,
                                   .cond = cond, .value = value, .fn = fn,
                                   .data = data, .regs = regs });
}

static void catch_fatal_signals(void)
{
    fake.fatal_catches++;
}

static Backend backend_v1 = {
    .family = "v1",
    .api_version = 1,
    .tb_add = tb_add,
    .insn_add = insn_add,
};

static Backend backend_v2 = {
    .family = "v2+",
    .api_version = 4,
    .score_new = score_new,
    .score_free = score_free,
    .score_get = score_get,
    .score_set = score_set,
    .tb_score_add = tb_score_add,
    .insn_score_add = insn_score_add,
    .tb_score_store = tb_score_store,
    .insn_score_store = insn_score_store,
    .tb_exec_if = tb_exec_if,
    .insn_exec_if = insn_exec_if,
    .reports_discontinuities = true,
};

/* The operations both families have. */
static void fill_common(Backend *b)
{
    b->target_name = fake.x86 ? "x86_64" : "aarch64";
    b->system_emulation = fake.system_vcpus > 0;
    b->max_vcpus = fake.system_vcpus;
    b->start = start;
    b->watch_translation = watch_translation;
    b->watch_syscalls = watch_syscalls;
    b->watch_syscall_returns = watch_syscall_returns;
    b->reset = reset;
    b->tb_vaddr = tb_vaddr;
    b->tb_n_insns = tb_n_insns;
    b->phantom_insns = false;
    b->tb_insn = tb_insn;
    b->insn_vaddr = insn_vaddr;
    b->insn_size = insn_size;
    b->insn_read = insn_read;
    b->insn_disas = insn_disas;
    b->insn_symbol = insn_symbol;
    b->tb_exec = tb_exec;
    b->insn_exec = insn_exec;
    b->insn_mem = insn_mem;
    b->catch_fatal_signals = catch_fatal_signals;
}

void fake_set_system_mode(unsigned int max_vcpus)
{
    g_assert(max_vcpus <= FAKE_MAX_VCPUS);
    fake.system_vcpus = max_vcpus;
}

void fake_set_x86(void)
{
    fake.x86 = true;
}

void fake_set_svc(uint64_t vaddr)
{
    fake.svc_vaddr = vaddr;
}

const Backend *fake_backend(FakeFamily family)
{
    g_assert(fake.blocks == NULL); /* once per process */
    fake.family = family;
    fake.blocks = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                        tb_free);
    Backend *b = family == FAKE_V1 ? &backend_v1 : &backend_v2;
    fill_common(b);
    return b;
}

/* ---------------------------------------------------------------------- */
/* The test's commands                                                   */

void fake_install(FakeFamily family, const char *const *items)
{
    int argc = 0;
    while (items != NULL && items[argc] != NULL) {
        argc++;
    }
    g_assert(qi_runtime_install(fake_backend(family), argc, items) == 0);
    fake_vcpu_init(0);
}

void fake_vcpu_init(unsigned int vcpu)
{
    g_assert(vcpu < FAKE_MAX_VCPUS);
    if (fake.started) {
        fake.hooks->vcpu_init(vcpu);
    }
}

void fake_vcpu_exit(unsigned int vcpu)
{
    if (fake.started) {
        fake.hooks->vcpu_exit(vcpu);
    }
}

void fake_vcpu_idle(unsigned int vcpu)
{
    if (fake.started) {
        fake.hooks->vcpu_idle(vcpu);
    }
}

void fake_syscall(unsigned int vcpu, int64_t num, uint64_t a1, int64_t ret)
{
    if (fake.started && fake.syscalls) {
        fake.hooks->syscall(vcpu, num, a1, 0, 0, 0, 0, 0, 0, 0);
    }
    if (fake.started && fake.syscall_returns) {
        fake.hooks->syscall_ret(vcpu, num, ret);
    }
}

FakeTB *fake_translate(uint64_t vaddr, size_t n_insns)
{
    FakeTB *tb = g_new0(FakeTB, 1);
    tb->vaddr = vaddr;
    tb->n_insns = n_insns;
    tb->work = g_array_new(FALSE, FALSE, sizeof(FakeWork));
    tb->insns = g_new0(struct BackendInsn, n_insns);
    for (size_t i = 0; i < n_insns; i++) {
        tb->insns[i] = (struct BackendInsn){
            .vaddr = vaddr + i * FAKE_INSN_SIZE,
            .index = i,
            .work = g_array_new(FALSE, FALSE, sizeof(FakeWork)),
        };
    }
    /* replace: the key lives in the block it names */
    g_hash_table_replace(fake.blocks, &tb->vaddr, tb);
    if (fake.started && fake.translation) {
        fake.hooks->translate(as_backend(tb));
    }
    return tb;
}

const FakeWork *fake_work(const FakeTB *tb, int insn, size_t *n)
{
    GArray *scope = insn < 0 ? tb->work : tb->insns[insn].work;
    *n = scope->len;
    return (const FakeWork *)scope->data;
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
    g_assert_not_reached();
}

/* Run one item of a scope's work; memory calls run at the access. */
static void run_work(const FakeWork *w, unsigned int vcpu)
{
    switch (w->kind) {
    case FAKE_EXEC:
        w->fn(vcpu, w->data);
        break;
    case FAKE_ADD:
        *w->counter += w->amount;
        break;
    case FAKE_SCORE_ADD:
        w->score->values[vcpu] += w->amount;
        break;
    case FAKE_SCORE_STORE:
        w->score->values[vcpu] = w->amount;
        break;
    case FAKE_EXEC_IF:
        if (holds(w->score->values[vcpu], w->cond, w->value)) {
            w->fn(vcpu, w->data);
        }
        break;
    case FAKE_MEM:
        break;
    }
}

/*
 * A scope's work: v1 (QEMU 7.2) runs its calls, then its inline
 * additions; v2 runs everything in registration order.
 */
static void run_scope(GArray *scope, unsigned int vcpu)
{
    for (guint i = 0; i < scope->len; i++) {
        const FakeWork *w = &g_array_index(scope, FakeWork, i);
        if (fake.family == FAKE_V2 || w->kind != FAKE_ADD) {
            run_work(w, vcpu);
        }
    }
    for (guint i = 0; fake.family == FAKE_V1 && i < scope->len; i++) {
        const FakeWork *w = &g_array_index(scope, FakeWork, i);
        if (w->kind == FAKE_ADD) {
            run_work(w, vcpu);
        }
    }
}

/* The instruction's one 8-byte load, seen by its memory calls. */
static void run_access(const struct BackendInsn *insn, unsigned int vcpu)
{
    QIMemInfo load = { .size_shift = 3 };
    for (guint i = 0; i < insn->work->len; i++) {
        const FakeWork *w = &g_array_index(insn->work, FakeWork, i);
        if (w->kind == FAKE_MEM && (w->mem->access & QI_MEM_R)) {
            w->mem->fn((QICPU){ .opaque_index_ = vcpu },
                       FAKE_MEM_BASE + 8 * insn->index, load, w->mem->args);
        }
    }
}

void fake_exec_until(FakeTB *tb, unsigned int vcpu, size_t stop)
{
    g_assert(vcpu < FAKE_MAX_VCPUS && stop <= tb->n_insns);
    run_scope(tb->work, vcpu);
    for (size_t i = 0; i < stop; i++) {
        run_scope(tb->insns[i].work, vcpu);
        run_access(&tb->insns[i], vcpu);
        fake.executed[vcpu]++;
    }
}

void fake_exec(FakeTB *tb, unsigned int vcpu)
{
    fake_exec_until(tb, vcpu, tb->n_insns);
    fake_reach_safepoint();
}

void fake_discontinuity(unsigned int vcpu, QIDiscontinuity kind,
                        uint64_t from_pc, uint64_t to_pc)
{
    if (fake.started && fake.family == FAKE_V2) {
        fake.hooks->discontinuity(vcpu, kind, from_pc, to_pc);
    }
}

void fake_run(unsigned int vcpu, uint64_t vaddr, size_t n_insns)
{
    FakeTB *tb = g_hash_table_lookup(fake.blocks, &vaddr);
    if (tb == NULL || tb->n_insns != n_insns) {
        tb = fake_translate(vaddr, n_insns);
    }
    fake_exec(tb, vcpu);
}

void fake_flush(void)
{
    drop_blocks();
    if (fake.started) {
        fake.hooks->flush();
    }
}

bool fake_reach_safepoint(void)
{
    if (!fake.reset_pending) {
        return false;
    }
    fake.reset_pending = false;
    drop_blocks();
    fake.started = false;
    fake.translation = fake.syscalls = fake.syscall_returns = false;
    const CoreHooks *hooks = fake.hooks;
    hooks->safepoint();
    return true;
}

void fake_exit(void)
{
    if (fake.started) {
        fake.hooks->exit();
    }
}

unsigned int fake_resets(void)
{
    return fake.resets;
}

uint64_t fake_insns_executed(unsigned int vcpu)
{
    return fake.executed[vcpu];
}

bool fake_watching_translation(void)
{
    return fake.translation;
}

bool fake_watching_syscalls(void)
{
    return fake.syscalls;
}

unsigned int fake_fatal_signal_catches(void)
{
    return fake.fatal_catches;
}
