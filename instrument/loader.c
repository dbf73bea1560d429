/*
 * Opening a library's file (loader.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "loader.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/libsearch.h"

#define LOADER_ERROR g_quark_from_static_string("qemu-instr-loader")

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
        g_set_error(error, LOADER_ERROR, 0, "loaded twice, but no private "
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
        g_set_error(error, LOADER_ERROR, 0, "loaded twice, but no private "
                    "copy can be made: writing %s failed: %s", copy,
                    g_strerror(err));
    } else if ((handle = lt_dlopen(copy)) == NULL) {
        g_set_error(error, LOADER_ERROR, 0, "%s", lt_dlerror());
    }
    unlink(copy);
    return handle;
}

/* Finds the executable segments of the object mapping code->start. */
static int find_code(struct dl_phdr_info *object, size_t size, void *data)
{
    (void)size;
    LoaderCode *code = data;
    uintptr_t start = UINTPTR_MAX, end = 0;
    bool holds = false;
    for (int i = 0; i < object->dlpi_phnum; i++) {
        const ElfW(Phdr) *seg = &object->dlpi_phdr[i];
        uintptr_t lo = object->dlpi_addr + seg->p_vaddr;
        if (seg->p_type != PT_LOAD) {
            continue;
        }
        holds |= code->start >= lo && code->start < lo + seg->p_memsz;
        if (seg->p_flags & PF_X) {
            start = MIN(start, lo);
            end = MAX(end, lo + seg->p_memsz);
        }
    }
    if (holds) {
        code->start = start;
        code->end = end;
        code->base = object->dlpi_addr;
    }
    return holds;
}

LoaderCode loader_locate_code(const void *symbol)
{
    LoaderCode code = { .start = (uintptr_t)symbol };
    if (!dl_iterate_phdr(find_code, &code)) {
        code.start = 0;
    }
    return code;
}

static char **search_dirs; /* where names are looked up, or NULL */
static char *start_dir;    /* QEMU's working directory at start-up */

void loader_set_search_path(const char *dirs)
{
    g_strfreev(search_dirs);
    search_dirs = dirs ? g_strsplit(dirs, ":", -1) : NULL;
    g_free(start_dir);
    start_dir = g_get_current_dir();
}

/*
 * As the launcher's -instr resolves it (common/libsearch.h), relative to
 * the start directory (not to wherever the guest has moved since).
 */
char *loader_resolve(const char *path, GError **error)
{
    const LibSearch search = { start_dir, search_dirs, NULL };
    char *file = lib_search_resolve(&search, path);
    if (file != NULL) {
        return file;
    }
    g_autofree char *dirs = search_dirs ? g_strjoinv(":", search_dirs)
                                        : g_strdup("");
    g_set_error(error, LOADER_ERROR, 0, "no such library in %s%s%s",
                dirs, *dirs ? " or " : "", start_dir);
    return NULL;
}

lt_dlhandle loader_open(const char *path, bool (*loaded)(dev_t, ino_t),
                        dev_t *dev, ino_t *ino, GError **error)
{
    g_autofree char *why = why_not_loadable(path);
    void *bound = why == NULL ? bind_now(path, &why) : NULL;
    if (why != NULL) {
        g_set_error(error, LOADER_ERROR, 0, "%s", why);
        return NULL;
    }
    struct stat st;
    if (stat(path, &st) == 0) {
        *dev = st.st_dev;
        *ino = st.st_ino;
    }
    lt_dlhandle handle;
    if (loaded(*dev, *ino)) {
        handle = open_private_copy(path, error);
    } else if ((handle = lt_dlopen(path)) == NULL) {
        g_set_error(error, LOADER_ERROR, 0,
                    "not a loadable shared object: %s", lt_dlerror());
    }
    dlclose(bound); /* libltdl holds it now, bound */
    return handle;
}
