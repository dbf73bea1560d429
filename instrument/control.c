/*
 * Run-time control (control.h): requests from monitor threads, applied at
 * the runtime's safe points.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "control.h"

#include <pthread.h>

#include "backend.h"
#include "counters.h"
#include "lifecycle.h"
#include "vcpus.h"

#define CONTROL_ERROR g_quark_from_static_string("qemu-instr-control")

typedef enum RequestState {
    REQUEST_WAITING,  /* queued, no vCPU has picked it up */
    REQUEST_APPLYING, /* a vCPU is applying it (qi_init, qi_fini run) */
    REQUEST_APPLIED,  /* done at a safe point, not yet in effect */
    REQUEST_DONE,     /* in effect: the caller may reply */
} RequestState;

typedef struct Request {
    LibrarySpec *load;   /* a load, or */
    char *unload;        /* the id of the library to unload */
    RequestState state;
    char *id;            /* result of a load */
    LibraryInfo *info;   /* what changed, for listeners */
    GError *error;
} Request;

static gboolean enabled;
static GMutex lock;      /* protects the queue and requests' states */
static GCond changed;    /* a request's state changed */
static GQueue waiting = G_QUEUE_INIT;  /* Request *, REQUEST_WAITING */
static GPtrArray *applied;             /* Request *, APPLYING or APPLIED */
static int have_waiting; /* read without the lock by the poll */
/*
 * With scoreboards: 1 in every vCPU's value while a request waits, tested
 * inline by every block.  A vCPU created while one waits sees it at its
 * next system call or idle, or with the next request.
 */
static QICounter *poll_flags;

typedef struct Listener {
    ControlListener fn;
    void *data;
} Listener;
static GArray *listeners; /* Listener; set up before the guest runs */

static void runtime_subscribe(ControlListener listener, void *data)
{
    if (listeners == NULL) {
        listeners = g_array_new(FALSE, FALSE, sizeof(Listener));
    }
    Listener l = { listener, data };
    g_array_append_val(listeners, l);
}

/* Raise or lower every vCPU's poll flag. */
static void set_poll_flags(uint64_t value)
{
    for (unsigned int i = 0; poll_flags != NULL && i < vcpus_count(); i++) {
        counter_set(poll_flags, i, value);
    }
}

/*
 * The guest forks on a vCPU thread while monitor threads may hold the lock:
 * fork with it held by us, so that the child gets it free.
 */
static void fork_prepare(void)
{
    g_mutex_lock(&lock);
}

static void fork_parent(void)
{
    g_mutex_unlock(&lock);
}

/*
 * In a forked child no monitor thread runs: requests waiting are the
 * parent's, to be applied there, not here.
 */
static void fork_child(void)
{
    g_queue_clear(&waiting);
    g_atomic_int_set(&have_waiting, 0);
    set_poll_flags(0);
    g_mutex_unlock(&lock);
}

void control_enable(void)
{
    enabled = TRUE;
    if (backend->score_new != NULL) {
        poll_flags = counter_new(NULL);
    }
    pthread_atfork(fork_prepare, fork_parent, fork_child);
}

void control_emit_poll(BackendTB *tb)
{
    if (poll_flags != NULL) {
        counter_emit_exec_if(tb, NULL, poll_flags, QI_COND_EQ, 1,
                             control_poll, NULL, false);
    } else {
        backend->tb_exec(tb, control_poll, NULL, false);
    }
}

gboolean control_enabled(void)
{
    return enabled;
}

void control_poll(unsigned int vcpu_index, void *unused)
{
    (void)vcpu_index, (void)unused;
    if (G_UNLIKELY(g_atomic_int_get(&have_waiting))) {
        backend_request_safepoint();
    }
}

/* Apply one request; on a vCPU thread, with every other vCPU stopped. */
static void apply(Request *r)
{
    Library *lib;
    if (r->load != NULL) {
        lib = library_load(r->load, &r->error);
        if (lib != NULL) {
            r->id = g_strdup(lib->id);
            r->info = library_info_new(lib->id, lib->path, lib->argv + 1,
                                   lib->windows);
        }
    } else if ((lib = library_find(r->unload)) == NULL) {
        g_set_error(&r->error, CONTROL_ERROR, 0, "no library with id '%s'",
                    r->unload);
    } else {
        r->info = library_info_new(lib->id, lib->path, lib->argv + 1,
                                   lib->windows);
        library_unload(lib);
    }
}

void control_apply(void)
{
    /*
     * Take the waiting requests, then apply them without the lock: a
     * library's qi_init or qi_fini may take long, and monitor threads must
     * meanwhile queue further requests and see these ones in progress.
     */
    g_mutex_lock(&lock);
    if (applied == NULL) {
        applied = g_ptr_array_new();
    }
    Request *r;
    while ((r = g_queue_pop_head(&waiting)) != NULL) {
        r->state = REQUEST_APPLYING;
        g_ptr_array_add(applied, r);
    }
    g_atomic_int_set(&have_waiting, 0);
    set_poll_flags(0);
    g_cond_broadcast(&changed);
    g_mutex_unlock(&lock);
    for (guint i = 0; i < applied->len; i++) {
        apply(g_ptr_array_index(applied, i));
    }
    g_mutex_lock(&lock);
    for (guint i = 0; i < applied->len; i++) {
        ((Request *)g_ptr_array_index(applied, i))->state = REQUEST_APPLIED;
    }
    g_mutex_unlock(&lock);
}

void control_complete(void)
{
    g_mutex_lock(&lock);
    for (guint i = 0; applied != NULL && i < applied->len; i++) {
        ((Request *)g_ptr_array_index(applied, i))->state = REQUEST_DONE;
    }
    if (applied != NULL) {
        g_ptr_array_set_size(applied, 0);
    }
    if (!g_queue_is_empty(&waiting)) {
        /* Queued while these were applied: the next safe point is theirs. */
        g_atomic_int_set(&have_waiting, 1);
        set_poll_flags(1);
    }
    g_cond_broadcast(&changed);
    g_mutex_unlock(&lock);
}

/* Is a safe point applying requests now?  With the lock held. */
static bool applying(void)
{
    return applied != NULL && applied->len > 0;
}

/*
 * Queue @r and wait until it is in effect, however long its qi_init or
 * qi_fini take.  Fail only if no vCPU reached a safe point within the
 * timeout, not counting time spent applying other requests (then @r is
 * withdrawn: nothing changes).
 */
static gboolean submit(Request *r, GError **error)
{
    gint64 timeout = CONTROL_TIMEOUT_SECONDS * G_TIME_SPAN_SECOND;
    gint64 deadline = g_get_monotonic_time() + timeout;
    g_mutex_lock(&lock);
    r->state = REQUEST_WAITING;
    g_queue_push_tail(&waiting, r);
    if (!applying()) {
        g_atomic_int_set(&have_waiting, 1);
        set_poll_flags(1);
    }
    while (r->state != REQUEST_DONE) {
        if (r->state != REQUEST_WAITING || applying()) {
            g_cond_wait(&changed, &lock);
            deadline = g_get_monotonic_time() + timeout;
        } else if (!g_cond_wait_until(&changed, &lock, deadline) &&
                   r->state == REQUEST_WAITING && !applying()) {
            g_queue_remove(&waiting, r);
            if (g_queue_is_empty(&waiting)) {
                /* Nothing left to apply: no needless safe point later. */
                g_atomic_int_set(&have_waiting, 0);
                set_poll_flags(0);
            }
            g_mutex_unlock(&lock);
            g_set_error(error, CONTROL_ERROR, 0,
                        "not applied: no vCPU reached a safe point within "
                        "%d s (is every vCPU halted or blocked?); nothing "
                        "changed", CONTROL_TIMEOUT_SECONDS);
            return FALSE;
        }
    }
    g_mutex_unlock(&lock);
    if (r->error != NULL) {
        g_propagate_error(error, r->error);
        r->error = NULL;
        return FALSE;
    }
    const char *event = r->load ? "INSTR_LOAD" : "INSTR_UNLOAD";
    for (guint i = 0; listeners != NULL && i < listeners->len; i++) {
        Listener *l = &g_array_index(listeners, Listener, i);
        l->fn(event, r->info, l->data);
    }
    return TRUE;
}

static void request_clear(Request *r)
{
    library_info_free(r->info);
    g_clear_error(&r->error);
}

static char *runtime_load(const LibrarySpec *spec, GError **error)
{
    Request r = { .load = (LibrarySpec *)spec };
    char *id = submit(&r, error) ? r.id : (g_free(r.id), NULL);
    request_clear(&r);
    return id;
}

static gboolean runtime_unload(const char *id, GError **error)
{
    Request r = { .unload = (char *)id };
    gboolean ok = submit(&r, error);
    request_clear(&r);
    return ok;
}

const ControlBackend control_runtime = {
    .load = runtime_load,
    .unload = runtime_unload,
    .list = library_list,
    .subscribe = runtime_subscribe,
};
