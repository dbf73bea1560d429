/*
 * The translation pipeline (translate.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "translate.h"

#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "backend.h"
#include "control.h"
#include "counters.h"
#include "faults.h"
#include "phantom.h"
#include "quiesce.h"
#include "retire.h"
#include "vcpus.h"
#include "windows.h"


/*
 * Emitted calls are registered directly with QEMU: QEMU calls
 * fn(unsigned vcpu_index, void *userdata) and the library's QIExecFn is
 * fn(QICPU, const uint64_t *).  QICPU is a struct holding just the index,
 * which every supported ABI passes exactly like the unsigned int, so no
 * trampoline is needed between QEMU and the library.
 */
G_STATIC_ASSERT(sizeof(QICPU) == sizeof(unsigned int));

/* ---------------------------------------------------------------------- */
/* The translation running on this thread                                */

static void translation_free(gpointer data)
{
    Translation *t = data;
    g_ptr_array_unref(t->promises);
    g_array_unref(t->work);
    g_array_unref(t->args);
    g_free(t->backend_insns);
    g_free(t->insn_vaddrs);
    g_free(t->handles);
    g_ptr_array_unref(t->retired_handles);
    g_free(t);
}

/* Freed when the thread (a vCPU) exits. */
static GPrivate current = G_PRIVATE_INIT(translation_free);

Translation *translate_current(void)
{
    Translation *t = g_private_get(&current);
    return t != NULL && t->generation != 0 ? t : NULL;
}

/*
 * The number of instructions of @qtb that QEMU runs as translated: without
 * a phantom QEMU may count last (phantom.h), so that no library sees it.
 */
static size_t executed_insns(const BackendTB *qtb)
{
    size_t n = backend->tb_n_insns(qtb);
    if (!backend->phantom_insns || n < 2) {
        return n;
    }
    BackendInsn *last = backend->tb_insn(qtb, n - 1);
    uint8_t bytes[PHANTOM_MAX_BYTES];
    size_t size = backend->insn_size(last);
    if (size <= sizeof bytes &&
        phantom_abandoned(backend->tb_vaddr(qtb), backend->insn_vaddr(last), bytes,
                          backend->insn_read(last, bytes, size))) {
        n--;
    }
    return n;
}

static Translation *translation_begin(BackendTB *qtb)
{
    static uint64_t generations;
    Translation *t = g_private_get(&current);
    if (t == NULL) {
        t = g_new0(Translation, 1);
        t->promises = g_ptr_array_new();
        t->work = g_array_new(FALSE, FALSE, sizeof(Work));
        t->args = g_array_new(FALSE, FALSE, sizeof(QIArg));
        t->retired_handles = g_ptr_array_new_with_free_func(g_free);
        g_private_set(&current, t);
    }
    t->generation = __atomic_add_fetch(&generations, 1, __ATOMIC_RELAXED);
    t->backend_tb = qtb;
    t->vaddr = backend->tb_vaddr(qtb);
    t->n_insns = executed_insns(qtb);
    if (t->n_insns > t->insns_room) {
        t->insns_room = t->n_insns;
        t->backend_insns = g_renew(BackendInsn *, t->backend_insns, t->insns_room);
        t->insn_vaddrs = g_renew(uint64_t, t->insn_vaddrs, t->insns_room);
    }
    for (size_t i = 0; i < t->n_insns; i++) {
        t->backend_insns[i] = backend->tb_insn(qtb, i);
        t->insn_vaddrs[i] = backend->insn_vaddr(t->backend_insns[i]);
    }
    return t;
}

/*
 * Room for @n_views libraries' handles of the block being translated, in
 * the thread's reused buffer (no allocation once it has grown).
 */
static void reserve_handles(Translation *t, guint n_views)
{
    size_t size = n_views * (sizeof(QITB) + t->n_insns * sizeof(QIInsn));
    if (size > t->handles_size) {
        /* Not g_realloc: a library may still hold (stale) handles in it. */
        if (t->handles != NULL) {
            g_ptr_array_add(t->retired_handles, t->handles);
        }
        t->handles_size = MAX(size, 2 * t->handles_size);
        t->handles = g_malloc(t->handles_size);
    }
}

/* @lib's own handles of the block and its instructions: set @slot. */
static QITB *library_handles(Translation *t, Library *lib, guint slot)
{
    size_t set = sizeof(QITB) + t->n_insns * sizeof(QIInsn);
    QITB *tb = (QITB *)(t->handles + slot * set);
    *tb = (QITB){ .translation = t,
                  .generation = t->generation,
                  .library = lib,
                  .vaddr = t->vaddr,
                  .insns = (QIInsn *)(tb + 1) };
    for (size_t i = 0; i < t->n_insns; i++) {
        tb->insns[i] = (QIInsn){ .translation = t,
                                 .generation = t->generation,
                                 .library = lib,
                                 .vaddr = t->insn_vaddrs[i],
                                 .backend_insn = t->backend_insns[i] };
    }
    return tb;
}

static void translation_end(Translation *t)
{
    t->generation = 0;
    t->hook = NULL;
    g_ptr_array_set_size(t->promises, 0);
    g_array_set_size(t->work, 0);
    g_array_set_size(t->args, 0);
}

/* ---------------------------------------------------------------------- */
/* Handle checks                                                         */

/* "in guest_insn_before_trans at pc 0x..." or "outside any translation". */
static char *where_now(void)
{
    Translation *t = translate_current();
    if (t == NULL || t->hook == NULL) {
        return g_strdup("outside the translation of its block");
    }
    return g_strdup_printf("in %s at pc 0x%" PRIx64 ", another block", t->hook,
                           t->hook_pc);
}

static bool check_handle(const Translation *owner, uint64_t generation,
                         Library *lib, uint64_t pc, const char *function)
{
    Translation *t = translate_current();
    if (t != NULL && owner == t && generation == t->generation) {
        return true;
    }
    g_autofree char *where = where_now();
    library_fault(lib, "%s: handle of block 0x%" PRIx64 " used %s",
                    function, pc, where);
    return false;
}

/* A NULL handle: blame the calling library, if any. */
static bool null_handle(const char *function)
{
    Translation *t = translate_current();
    if (t != NULL && t->hook != NULL) {
        library_fault(library_current, "%s: NULL handle in %s at pc 0x%"
                        PRIx64, function, t->hook, t->hook_pc);
    } else {
        library_fault(library_current, "%s: NULL handle", function);
    }
    return false;
}

bool translate_check_tb(const QITB *tb, const char *function)
{
    return tb == NULL ? null_handle(function)
                      : check_handle(tb->translation, tb->generation,
                                     tb->library, tb->vaddr, function);
}

bool translate_check_insn(const QIInsn *insn, const char *function)
{
    return insn == NULL ? null_handle(function)
                        : check_handle(insn->translation, insn->generation,
                                       insn->library, insn->vaddr, function);
}

bool translate_check_promise(const QIPromise *p, const char *function)
{
    return p == NULL ? null_handle(function)
                     : check_handle(p->translation, p->generation, p->owner,
                                    p->pc, function);
}

/* ---------------------------------------------------------------------- */
/* Emitted work                                                          */

void translate_add_work(Translation *t, Work work, const QIArg *args)
{
    work.first_arg = t->args->len;
    g_array_append_vals(t->args, args, work.nargs);
    g_array_append_val(t->work, work);
}

QIPromise *translate_new_promise(const QITB *tb)
{
    Translation *t = tb->translation;
    QIPromise *p = arena_alloc(sizeof(QIPromise));
    *p = (QIPromise){ .translation = t,
                      .generation = t->generation,
                      .owner = tb->library,
                      .hook = t->hook,
                      .pc = t->hook_pc };
    g_ptr_array_add(t->promises, p);
    return p;
}

/* Every promise must be set by now; a library that left one unset is out. */
static void check_promises(Translation *t)
{
    for (guint i = 0; i < t->promises->len; i++) {
        QIPromise *p = g_ptr_array_index(t->promises, i);
        if (!p->set && library_is_active(p->owner)) {
            library_fault(p->owner,
                  "promise created in %s at pc 0x%" PRIx64 " was never set "
                  "(block 0x%" PRIx64 ")", p->hook, p->pc, t->vaddr);
        }
    }
}

static uint64_t resolve(const QIArg *arg)
{
    return arg->promise_ ? arg->promise_->value : arg->value_;
}

/* @nargs resolved arguments, in the arena (NULL when there are none). */
static uint64_t *resolve_all(const QIArg *args, guint nargs)
{
    uint64_t *values = NULL;
    if (nargs > 0) {
        values = arena_alloc(nargs * sizeof(uint64_t));
        for (guint i = 0; i < nargs; i++) {
            values[i] = resolve(&args[i]);
        }
    }
    return values;
}

/*
 * Does a conditional call share @insn's scope (the block's when NULL)?
 * QEMU 7.2 runs a scope's inline operations after its calls, while the
 * conditional calls emulated there are calls: counts they depend on must
 * then be calls too, so that work runs in emission order.
 */
static bool scope_has_condition(const Translation *t, const BackendInsn *insn)
{
    for (guint i = 0; i < t->work->len; i++) {
        const Work *w = &g_array_index(t->work, Work, i);
        if ((w->kind == WORK_TB_EXEC_IF || w->kind == WORK_INSN_EXEC_IF) &&
            w->insn == insn && library_is_active(w->library)) {
            return true;
        }
    }
    return false;
}

/*
 * The block's ledger (retire.h), with room for the counts and left-early
 * calls of its work, and one count for windows.
 */
static RetireLedger *ledger_new(const Translation *t)
{
    if (windows_pending()) {
        retire_want(); /* windows count instructions */
    }
    size_t counts = 1, calls = 0;
    for (guint i = 0; i < t->work->len; i++) {
        const Work *w = &g_array_index(t->work, Work, i);
        counts += w->kind == WORK_TB_COUNT_INSNS;
        calls += w->kind == WORK_TB_LEFT_EARLY;
    }
    return retire_ledger_new(t->vaddr, t->n_insns, t->insn_vaddrs,
                             t->backend_insns, counts, calls);
}

/*
 * Register `@c += @amount` before @insn (at the block's entry when NULL).
 * Only QEMU 7.2 needs the scan: elsewhere conditions are inline.
 */
static void emit_count(Translation *t, BackendInsn *insn, QICounter *c,
                       uint64_t amount)
{
    counter_emit_add(t->backend_tb, insn, c, amount,
                     backend->tb_exec_if == NULL &&
                         scope_has_condition(t, insn));
}

static void register_work(Translation *t, RetireLedger *ledger, const Work *w)
{
    const QIArg *args = &g_array_index(t->args, QIArg, w->first_arg);
    BackendExecFn fn = (BackendExecFn)w->fn;
    bool regs = w->library->reads_registers;
    switch (w->kind) {
    case WORK_TB_EXEC:
        backend->tb_exec(t->backend_tb, fn, resolve_all(args, w->nargs), regs);
        break;
    case WORK_INSN_EXEC:
        backend->insn_exec(w->insn, fn, resolve_all(args, w->nargs), regs);
        break;
    case WORK_MEM_EXEC: {
        BackendMemCall *call = arena_alloc(sizeof(BackendMemCall) +
                                           w->nargs * sizeof(uint64_t));
        call->fn = (QIMemExecFn)w->fn;
        call->access = w->access;
        for (guint i = 0; i < w->nargs; i++) {
            call->args[i] = resolve(&args[i]);
        }
        backend->insn_mem(w->insn, call, regs);
        break;
    }
    case WORK_TB_COUNTER:
    case WORK_INSN_COUNTER:
        counter_emit_plain_add(t->backend_tb, w->insn, w->counter, resolve(args));
        break;
    case WORK_TB_COUNT:
    case WORK_INSN_COUNT:
        emit_count(t, w->insn, w->qicounter, resolve(args));
        break;
    case WORK_TB_EXEC_IF:
    case WORK_INSN_EXEC_IF:
        counter_emit_exec_if(t->backend_tb, w->insn, w->qicounter, w->cond,
                             resolve(args), fn,
                             resolve_all(args + 1, w->nargs - 1), regs);
        break;
    case WORK_TB_COUNT_INSNS:
        if (retire_per_insn()) {
            for (size_t i = 0; i < t->n_insns; i++) {
                emit_count(t, t->backend_insns[i], w->qicounter, 1);
            }
        } else {
            emit_count(t, NULL, w->qicounter, t->n_insns);
            retire_ledger_count(ledger, w->qicounter);
        }
        break;
    case WORK_TB_LEFT_EARLY:
        retire_ledger_call(ledger, w->library, (QILeftEarlyFn)w->fn,
                           resolve_all(args, w->nargs));
        break;
    }
}

/* ---------------------------------------------------------------------- */
/* The pipeline                                                          */

/* Run hook @field of every library that has handles (@views) and the hook. */
#define RUN_HOOKS(views, field, ...)                                         \
    for (guint l_ = 0; l_ < library_registry->len; l_++) {                  \
        QITB *view = (views)[l_];                                           \
        __typeof__(view->library->on.field) fn_ =                           \
            view ? HANDLER(view->library, field) : NULL;                    \
        if (fn_ != NULL && library_is_active(view->library)) {              \
            Library *prev_ = library_enter(view->library);                  \
            fn_(__VA_ARGS__);                                               \
            library_enter(prev_);                                           \
        }                                                                   \
    }

static bool has_translation_hooks(const Library *lib)
{
    return library_is_active(lib) &&
           (HANDLER(lib, tb_before) || HANDLER(lib, insn_before) ||
            HANDLER(lib, tb_after));
}

void translate_block(BackendTB *qtb)
{
    Translation *t = translation_begin(qtb);
    QICPU vcpu = qicpu(vcpus_this_thread());
    /* The registry cannot change during a translation. */
    QITB **views = g_newa(QITB *, library_registry->len);
    reserve_handles(t, library_registry->len);
    for (guint l = 0; l < library_registry->len; l++) {
        Library *lib = g_ptr_array_index(library_registry, l);
        views[l] = has_translation_hooks(lib) ? library_handles(t, lib, l)
                                              : NULL;
    }

    t->hook = "guest_tb_before_trans";
    t->hook_pc = t->vaddr;
    RUN_HOOKS(views, tb_before, vcpu, view);
    t->hook = "guest_insn_before_trans";
    for (size_t i = 0; i < t->n_insns; i++) {
        t->hook_pc = t->insn_vaddrs[i];
        RUN_HOOKS(views, insn_before, vcpu, view, &view->insns[i]);
    }
    t->hook = "guest_tb_after_trans";
    t->hook_pc = t->vaddr;
    RUN_HOOKS(views, tb_after, vcpu, view);
    t->hook = NULL;

    quiesce_emit_poll(qtb); /* first: before any library's work */
    RetireLedger *ledger = ledger_new(t);
    retire_ledger_emit(qtb, ledger); /* before any count it corrects */
    windows_emit(qtb, t->n_insns, ledger);
    if (control_enabled()) {
        control_emit_poll(qtb);
    }
    /* All hooks have run: every promise has its final value. */
    check_promises(t);
    for (guint i = 0; i < t->work->len; i++) {
        const Work *w = &g_array_index(t->work, Work, i);
        if (library_is_active(w->library)) {
            register_work(t, ledger, w);
        }
    }
    translation_end(t);
}
