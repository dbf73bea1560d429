/*
 * Instrumentation libraries: loading, unloading, the registry (library.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "library.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/libsearch.h"
#include "counters.h"
#include "outputs.h"
#include "report.h"
#include "signals.h"
#include "vcpus.h"

#define LIBRARY_ERROR g_quark_from_static_string("qemu-instr-library")

_Thread_local Library *library_current;
GPtrArray *library_registry;

/*
 * Held while the registry changes and while monitor threads read it (hooks
 * do not need it: the registry only changes while vCPUs are stopped).
 */
static GMutex registry_lock;

/* A child must not inherit registry_lock held by a monitor thread. */
static void fork_prepare(void)
{
    g_mutex_lock(&registry_lock);
}

static void fork_done(void)
{
    g_mutex_unlock(&registry_lock);
}

void library_registry_init(void)
{
    library_registry = g_ptr_array_new();
    pthread_atfork(fork_prepare, fork_done, fork_done);
}

GPtrArray *library_list(void)
{
    GPtrArray *list =
        g_ptr_array_new_with_free_func((GDestroyNotify)library_info_free);
    g_mutex_lock(&registry_lock);
    for (guint i = 0; i < library_registry->len; i++) {
        Library *lib = g_ptr_array_index(library_registry, i);
        g_ptr_array_add(list, library_info_new(lib->id, lib->path,
                                               lib->argv + 1, lib->windows));
    }
    g_mutex_unlock(&registry_lock);
    return list;
}

Library *library_find(const char *id)
{
    for (guint i = 0; i < library_registry->len; i++) {
        Library *lib = g_ptr_array_index(library_registry, i);
        if (strcmp(lib->id, id) == 0) {
            return lib;
        }
    }
    return NULL;
}

/* "lib0", "lib1", ...: the first one not taken. */
static char *next_free_id(void)
{
    for (unsigned n = 0;; n++) {
        char *id = g_strdup_printf("lib%u", n);
        if (library_find(id) == NULL) {
            return id;
        }
        g_free(id);
    }
}

/* What @lib's qi_fini left behind: its counters and unclosed outputs. */
static void drop_leftovers(Library *lib)
{
    counters_free_owned_by(lib);
    outputs_forget(lib);
}

static void library_free(Library *lib)
{
    drop_leftovers(lib);
    g_free(lib->id);
    g_free(lib->path);
    g_strfreev(lib->argv);
    g_free(lib->init_error);
    symbols_free(lib->symbols);
    g_array_unref(lib->windows);
    g_free(lib);
}

/* The ELF machine and class of this runtime, which a library must match. */
#if defined(__x86_64__)
#define HOST_MACHINE EM_X86_64
#elif defined(__aarch64__)
#define HOST_MACHINE EM_AARCH64
#elif defined(__i386__)
#define HOST_MACHINE EM_386
#elif defined(__riscv)
#define HOST_MACHINE EM_RISCV
#elif defined(__powerpc64__)
#define HOST_MACHINE EM_PPC64
#endif
#define HOST_CLASS (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32)

/* A readable name of ELF machine @machine. */
static const char *machine_name(unsigned machine)
{
    switch (machine) {
    case EM_X86_64: return "x86-64";
    case EM_AARCH64: return "AArch64";
    case EM_386: return "i386";
    case EM_ARM: return "ARM";
    case EM_RISCV: return "RISC-V";
    case EM_PPC64: return "PowerPC64";
    case EM_S390: return "s390";
    case EM_MIPS: return "MIPS";
    default: return "another architecture";
    }
}

/*
 * libltdl reports most failures as "file not found", so tell a missing
 * file, a file that is no ELF object, an executable and a library of
 * another architecture apart before asking it.  Returns NULL, or a reason
 * to g_free().
 */
static char *why_not_loadable(const char *path)
{
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        return g_strdup("file not found");
    }
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        return g_strdup("not a regular file");
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return g_strdup_printf("cannot open file: %s", g_strerror(errno));
    }
    unsigned char ident[EI_NIDENT + 4] = { 0 };
    size_t n = fread(ident, 1, sizeof(ident), f);
    fclose(f);
    if (n != sizeof(ident) || memcmp(ident, ELFMAG, SELFMAG) != 0) {
        return g_strdup("not a shared object (no ELF header)");
    }
    /* e_type and e_machine follow e_ident, in the file's byte order. */
    bool little = ident[EI_DATA] == ELFDATA2LSB;
    unsigned type = little ? ident[16] | ident[17] << 8
                           : ident[16] << 8 | ident[17];
    unsigned machine = little ? ident[18] | ident[19] << 8
                              : ident[18] << 8 | ident[19];
#ifdef HOST_MACHINE
    if (machine != HOST_MACHINE || ident[EI_CLASS] != HOST_CLASS) {
        return g_strdup_printf(
            "wrong architecture: built for %s %d-bit (ELF machine %u), this "
            "runtime is %s %d-bit", machine_name(machine),
            ident[EI_CLASS] == ELFCLASS64 ? 64 : 32, machine,
            machine_name(HOST_MACHINE), HOST_CLASS == ELFCLASS64 ? 64 : 32);
    }
#endif
    if (type != ET_DYN) {
        return g_strdup("not a shared object (an executable or object file)");
    }
    return NULL;
}

/*
 * Open @path with every symbol bound now, as libltdl (lazy binding) would
 * only do at first use, killing the guest then.  Returns the handle, to
 * close once libltdl holds the library, or NULL with a reason to g_free()
 * (e.g. "undefined symbol: foo", "cannot dynamically load
 * position-independent executable").
 */
static void *bind_now(const char *path, char **why)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *message = dlerror();
        /* dlerror() starts with the path: the caller names the file. */
        const char *after = g_str_has_prefix(message, path)
                                ? message + strlen(path) : message;
        *why = g_strdup(after[0] == ':' && after[1] == ' ' ? after + 2 : after);
    }
    return handle;
}

/* Is a library from the same file as @lib already loaded? */
static bool same_file_loaded(const Library *lib)
{
    for (guint i = 0; i < library_registry->len; i++) {
        const Library *other = g_ptr_array_index(library_registry, i);
        if (other->dev == lib->dev && other->ino == lib->ino) {
            return true;
        }
    }
    return false;
}

/* Writes all of @data to @fd; false with errno set on failure. */
static bool write_all(int fd, const char *data, gsize length)
{
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            errno = n < 0 ? errno : ENOSPC;
            return false;
        }
        data += n;
        length -= (gsize)n;
    }
    return true;
}

/*
 * The dynamic loader maps a file only once, so a library loaded twice would
 * share its globals with the first instance.  Load a private copy instead
 * (unlinked once mapped).  It is written through mkstemp()'s descriptor, so
 * that it stays the 0600 file only we can write from creation to dlopen().
 * NULL with @error set on failure.
 */
static lt_dlhandle open_private_copy(const char *path, GError **error)
{
    g_autofree char *contents = NULL;
    gsize length;
    if (!g_file_get_contents(path, &contents, &length, error)) {
        g_prefix_error(error, "loaded twice, but no private copy can be "
                       "made: ");
        return NULL;
    }
    g_autofree char *copy =
        g_build_filename(g_get_tmp_dir(), "qemu-instr-XXXXXX.so", NULL);
    int fd = g_mkstemp(copy);
    if (fd < 0) {
        g_set_error(error, LIBRARY_ERROR, 0, "loaded twice, but no private "
                    "copy can be made in %s (set TMPDIR): %s",
                    g_get_tmp_dir(), g_strerror(errno));
        return NULL;
    }
    bool written = write_all(fd, contents, length);
    int err = errno;
    if (close(fd) != 0 && written) {
        written = false;
        err = errno;
    }
    lt_dlhandle handle = NULL;
    if (!written) {
        g_set_error(error, LIBRARY_ERROR, 0, "loaded twice, but no private "
                    "copy can be made: writing %s failed: %s", copy,
                    g_strerror(err));
    } else if ((handle = lt_dlopen(copy)) == NULL) {
        g_set_error(error, LIBRARY_ERROR, 0, "%s", lt_dlerror());
    }
    unlink(copy);
    return handle;
}

/* Finds the executable segments of the object mapping lib->code_start. */
static int find_code(struct dl_phdr_info *object, size_t size, void *data)
{
    (void)size;
    Library *lib = data;
    uintptr_t start = UINTPTR_MAX, end = 0;
    bool holds = false;
    for (int i = 0; i < object->dlpi_phnum; i++) {
        const ElfW(Phdr) *seg = &object->dlpi_phdr[i];
        uintptr_t lo = object->dlpi_addr + seg->p_vaddr;
        if (seg->p_type != PT_LOAD) {
            continue;
        }
        holds |= lib->code_start >= lo && lib->code_start < lo + seg->p_memsz;
        if (seg->p_flags & PF_X) {
            start = MIN(start, lo);
            end = MAX(end, lo + seg->p_memsz);
        }
    }
    if (holds) {
        lib->code_start = start;
        lib->code_end = end;
        lib->load_base = object->dlpi_addr;
    }
    return holds;
}

/* Where @lib's code is mapped, from its symbol @symbol. */
static void locate_code(Library *lib, const void *symbol)
{
    lib->code_start = (uintptr_t)symbol;
    if (!dl_iterate_phdr(find_code, lib)) {
        lib->code_start = 0;
    }
    lib->symbols = symbols_read(lib->path);
}

/* Open @lib's file and find its entry points; sets @error on failure. */
static bool library_open(Library *lib, GError **error)
{
    g_autofree char *why = why_not_loadable(lib->path);
    void *bound = why == NULL ? bind_now(lib->path, &why) : NULL;
    if (why != NULL) {
        g_set_error(error, LIBRARY_ERROR, 0, "library %s (%s): %s", lib->id,
                    lib->path, why);
        return false;
    }
    struct stat st;
    if (stat(lib->path, &st) == 0) {
        lib->dev = st.st_dev;
        lib->ino = st.st_ino;
    }
    g_autoptr(GError) copy_error = NULL;
    lib->handle = same_file_loaded(lib)
                      ? open_private_copy(lib->path, &copy_error)
                      : lt_dlopen(lib->path);
    if (lib->handle == NULL && copy_error != NULL) {
        g_set_error(error, LIBRARY_ERROR, 0, "library %s (%s): %s", lib->id,
                    lib->path, copy_error->message);
    } else if (lib->handle == NULL) {
        g_set_error(error, LIBRARY_ERROR, 0,
                    "library %s (%s): not a loadable shared object: %s",
                    lib->id, lib->path, lt_dlerror());
    }
    dlclose(bound); /* libltdl holds it now, bound */
    if (lib->handle == NULL) {
        return false;
    }
    const int *version = lt_dlsym(lib->handle, "qi_api_version");
    lib->init = (int (*)(int, const char **))lt_dlsym(lib->handle, "qi_init");
    lib->fini = (void (*)(void))lt_dlsym(lib->handle, "qi_fini");
    if (version == NULL) {
        g_set_error(error, LIBRARY_ERROR, 0,
                    "library %s (%s): no qi_api_version symbol (not a "
                    "qemu-instr library?)", lib->id, lib->path);
    } else if (*version < QI_API_VERSION_MIN || *version > QI_API_VERSION) {
        g_set_error(error, LIBRARY_ERROR, 0,
                    "library %s (%s): built for API version %d, this runtime "
                    "provides versions %d to %d", lib->id, lib->path, *version,
                    QI_API_VERSION_MIN, QI_API_VERSION);
    } else if (lib->init == NULL) {
        g_set_error(error, LIBRARY_ERROR, 0,
                    "library %s (%s): no qi_init function", lib->id,
                    lib->path);
    } else {
        locate_code(lib, version);
        return true;
    }
    lt_dlclose(lib->handle);
    lib->handle = NULL;
    return false;
}

static void send_cpu_enter(QICPU vcpu, void *data)
{
    Library *lib = data;
    void (*cpu_enter)(QICPU) = HANDLER(lib, cpu_enter);
    if (cpu_enter != NULL && library_is_active(lib)) {
        Library *prev = library_enter(lib);
        cpu_enter(vcpu);
        library_enter(prev);
    }
}

static void send_cpu_exit(QICPU vcpu, void *data)
{
    Library *lib = data;
    void (*cpu_exit)(QICPU) = HANDLER(lib, cpu_exit);
    if (cpu_exit != NULL) {
        Library *prev = library_enter(lib);
        cpu_exit(vcpu);
        library_enter(prev);
    }
}

static char **search_dirs; /* where names are looked up, or NULL */
static char *start_dir;    /* QEMU's working directory at start-up */

void library_set_search_path(const char *dirs)
{
    g_strfreev(search_dirs);
    search_dirs = dirs ? g_strsplit(dirs, ":", -1) : NULL;
    g_free(start_dir);
    start_dir = g_get_current_dir();
}

/*
 * The absolute file a library path names, as the launcher's -instr
 * resolves it (common/libsearch.h), relative to the start directory (not to
 * wherever the guest has moved since).  NULL with @error set for a name
 * found nowhere.
 */
static char *resolve(const char *path, GError **error)
{
    const LibSearch search = { start_dir, search_dirs, NULL };
    char *file = lib_search_resolve(&search, path);
    if (file != NULL) {
        return file;
    }
    g_autofree char *dirs = search_dirs ? g_strjoinv(":", search_dirs)
                                        : g_strdup("");
    g_set_error(error, LIBRARY_ERROR, 0, "no such library in %s%s%s",
                dirs, *dirs ? " or " : "", start_dir);
    return NULL;
}

/* Run qi_init; FALSE with @error set if it failed. */
static bool start(Library *lib, GError **error)
{
    g_clear_pointer(&lib->init_error, g_free);
    Library *prev = library_enter(lib);
    int rc = lib->init(lib->argc, (const char **)lib->argv);
    library_enter(prev);
    if (rc != 0) {
        g_set_error(error, LIBRARY_ERROR, 0,
                    "library %s (%s): qi_init failed (returned %d)%s%s",
                    lib->id, lib->path, rc, lib->init_error ? ": " : "",
                    lib->init_error ? lib->init_error : "");
        return false;
    }
    return true;
}

Library *library_load(const LibrarySpec *spec, GError **error)
{
    if (spec->id != NULL && library_find(spec->id) != NULL) {
        g_set_error(error, LIBRARY_ERROR, 0,
                    "library %s (%s): id '%s' is already used by %s", spec->id,
                    spec->path, spec->id, library_find(spec->id)->path);
        return NULL;
    }
    g_autofree char *id = spec->id ? g_strdup(spec->id) : next_free_id();
    g_autoptr(GError) unresolved = NULL;
    g_autofree char *path = resolve(spec->path, &unresolved);
    if (path == NULL) {
        g_set_error(error, LIBRARY_ERROR, 0, "library %s (%s): %s", id,
                    spec->path, unresolved->message);
        return NULL;
    }
    Library *lib = g_new0(Library, 1);
    lib->id = g_steal_pointer(&id);
    lib->path = g_steal_pointer(&path);
    lib->argc = 1 + spec->args->len;
    lib->argv = g_new0(char *, lib->argc + 1);
    lib->argv[0] = g_strdup(lib->path);
    for (guint i = 0; i < spec->args->len; i++) {
        lib->argv[i + 1] = g_strdup(g_ptr_array_index(spec->args, i));
    }
    lib->windows = g_array_copy(spec->windows);
    lib->dormant = lib->windows->len > 0;
    lib->window_base = UINT64_MAX; /* set when windows.c first sees it */
    if (!library_open(lib, error) || (!lib->dormant && !start(lib, error))) {
        if (lib->handle != NULL) {
            lt_dlclose(lib->handle);
        }
        library_free(lib);
        return NULL;
    }

    g_mutex_lock(&registry_lock);
    g_ptr_array_add(library_registry, lib);
    g_mutex_unlock(&registry_lock);
    if (!lib->dormant) {
        vcpus_foreach(send_cpu_enter, lib);
    }
    return lib;
}

bool library_wake(Library *lib, GError **error)
{
    if (!start(lib, error)) {
        return false;
    }
    lib->dormant = false;
    vcpus_foreach(send_cpu_enter, lib);
    return true;
}

void library_sleep(Library *lib)
{
    library_finish(lib);
    memset(&lib->on, 0, sizeof(lib->on));
    lib->reads_registers = false;
    drop_leftovers(lib);
    lib->window++;
}

/* guest_cpu_exit for every vCPU, then qi_fini. */
static void finish_now(Library *lib)
{
    vcpus_foreach(send_cpu_exit, lib);
    if (lib->fini != NULL) {
        Library *prev = library_enter(lib);
        lib->fini();
        library_enter(prev);
    }
}

void library_finish(Library *lib)
{
    if (!lib->abandoned && !lib->dormant &&
        !g_atomic_int_get(&lib->crashed)) {
        signals_run_guarded(lib, finish_now);
    }
    lib->dormant = true; /* finished: never twice */
}

void library_unload(Library *lib)
{
    library_finish(lib);
    lt_dlclose(lib->handle);
    g_mutex_lock(&registry_lock);
    g_ptr_array_remove(library_registry, lib);
    g_mutex_unlock(&registry_lock);
    library_free(lib);
}

bool library_fail(Library *lib, const char *message)
{
    if (!g_atomic_int_compare_and_exchange(&lib->disabled, 0, 1)) {
        return false;
    }
    report_loss("%s", message);
    return true;
}

bool library_disable(Library *lib, const char *reason)
{
    if (!g_atomic_int_compare_and_exchange(&lib->disabled, 0, 1)) {
        return false;
    }
    report("library %s (%s) disabled: %s", lib->id, lib->path, reason);
    return true;
}
