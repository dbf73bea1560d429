/*
 * Fatal signals on plugin API v1 (QEMU up to 8.2, user mode).
 *
 * When the guest dies of a signal (SIGTERM at its default action, a fault,
 * abort()), these QEMUs skip the plugins' exit callbacks: they reset the
 * signal to its default action and kill(getpid(), sig) themselves.  The
 * runtime therefore stands in for the kill() QEMU calls, through QEMU's own
 * link to it (its GOT entry), and finishes the libraries first.  QEMU's
 * guest system calls do not go through libc's kill(), so only QEMU's own
 * suicide is seen.
 *
 * Other guest threads keep running when the signal does not dump core
 * (SIGTERM, SIGINT, ...): QEMU stops them only for faults, so the core
 * stops them before the libraries finish (quiesce.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <elf.h>
#include <link.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fatal.h"
#include "module.h"

#if defined(__x86_64__)
#define RELOC_JUMP_SLOT R_X86_64_JUMP_SLOT
#define RELOC_GLOB_DAT R_X86_64_GLOB_DAT
#elif defined(__aarch64__)
#define RELOC_JUMP_SLOT R_AARCH64_JUMP_SLOT
#define RELOC_GLOB_DAT R_AARCH64_GLOB_DAT
#endif

static int (*libc_kill)(pid_t pid, int sig);

/* Does @sig, at its current action, end the process? */
static bool kills(int sig)
{
    struct sigaction action;
    return sig > 0 && sigaction(sig, NULL, &action) == 0 &&
           !(action.sa_flags & SA_SIGINFO) && action.sa_handler == SIG_DFL &&
           fatal_signal_by_default(sig);
}

/* Is @sig what a fault raises (never sent twice by anybody else)? */
static bool fatal_fault(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
           sig == SIGTRAP || sig == SIGSYS || sig == SIGABRT;
}

static int kill_hook(pid_t pid, int sig)
{
    if (pid == getpid() && kills(sig)) {
        /*
         * QEMU has just set @sig to its default action: the same signal
         * sent again (Slurm, timeout(1) and shells send SIGTERM twice)
         * would end the process before the libraries finish.
         */
        bool asynchronous = !fatal_fault(sig);
        if (asynchronous) {
            signal(sig, SIG_IGN);
        }
        module_fatal_signal(sig);
        if (asynchronous) {
            signal(sig, SIG_DFL);
        }
    }
    return libc_kill(pid, sig);
}

#ifdef RELOC_JUMP_SLOT
/* A dynamic-section address: glibc has relocated most, not every one. */
static uintptr_t dyn_address(const struct dl_phdr_info *exe, ElfW(Addr) a)
{
    return a < exe->dlpi_addr ? exe->dlpi_addr + a : a;
}

/* Point the GOT slot @slot of the executable at kill_hook. */
static void patch_slot(uintptr_t slot)
{
    long page = sysconf(_SC_PAGESIZE);
    void *start = (void *)(slot & ~(uintptr_t)(page - 1));
    /* Full RELRO made it read-only once relocated. */
    if (mprotect(start, page, PROT_READ | PROT_WRITE) == 0) {
        libc_kill = *(int (**)(pid_t, int))slot;
        *(int (**)(pid_t, int))slot = kill_hook;
        mprotect(start, page, PROT_READ);
    }
}

/* Find the executable's (the first object's) relocation of kill. */
static int find_kill(struct dl_phdr_info *exe, size_t size, void *unused)
{
    (void)size, (void)unused;
    const ElfW(Dyn) *dyn = NULL;
    for (int i = 0; i < exe->dlpi_phnum; i++) {
        if (exe->dlpi_phdr[i].p_type == PT_DYNAMIC) {
            dyn = (const ElfW(Dyn) *)(exe->dlpi_addr +
                                      exe->dlpi_phdr[i].p_vaddr);
        }
    }
    const ElfW(Sym) *symtab = NULL;
    const char *strtab = NULL;
    const ElfW(Rela) *tables[2] = { NULL, NULL };
    size_t sizes[2] = { 0, 0 };
    for (; dyn != NULL && dyn->d_tag != DT_NULL; dyn++) {
        uintptr_t a = dyn_address(exe, dyn->d_un.d_ptr);
        switch (dyn->d_tag) {
        case DT_SYMTAB: symtab = (const ElfW(Sym) *)a; break;
        case DT_STRTAB: strtab = (const char *)a; break;
        case DT_JMPREL: tables[0] = (const ElfW(Rela) *)a; break;
        case DT_PLTRELSZ: sizes[0] = dyn->d_un.d_val; break;
        case DT_RELA: tables[1] = (const ElfW(Rela) *)a; break;
        case DT_RELASZ: sizes[1] = dyn->d_un.d_val; break;
        }
    }
    for (int t = 0; t < 2 && symtab != NULL && strtab != NULL; t++) {
        for (size_t i = 0; tables[t] && i < sizes[t] / sizeof(ElfW(Rela));
             i++) {
            const ElfW(Rela) *r = &tables[t][i];
            unsigned type = ELF64_R_TYPE(r->r_info);
            if ((type == RELOC_JUMP_SLOT || type == RELOC_GLOB_DAT) &&
                strcmp(strtab + symtab[ELF64_R_SYM(r->r_info)].st_name,
                       "kill") == 0) {
                patch_slot(exe->dlpi_addr + r->r_offset);
                return 1;
            }
        }
    }
    return 1; /* only the executable */
}
#endif

void fatal_signals_v1(void)
{
#ifdef RELOC_JUMP_SLOT
    static bool patched;
    if (!patched) {
        patched = true;
        dl_iterate_phdr(find_kill, NULL);
    }
#endif
}
