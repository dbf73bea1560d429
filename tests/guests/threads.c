/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * threads.c - multi-threaded x86-64 user-mode guest (static glibc).
 *
 * Build:  gcc -static -O1 -pthread -o threads threads.c
 * Run:    qemu-x86_64 ./threads [ITERS...]    (no output, exit status 0)
 *
 * Starts one thread per argument (default: 4 threads of 100000 iterations
 * each, i.e. "./threads" = "./threads 100000 100000 100000 100000"; the
 * uneven 2-thread mode is "./threads 100000 300000").  At most 16 threads,
 * each ITERS >= 1.  Thread i runs the 4-instruction loop at the global
 * symbol threads_loop exactly ITERS[i] times:
 *
 *   (compiler-chosen code puts ITERS in %rcx)  jmp threads_loop
 *   threads_loop: add %rcx,%rax; xor %rax,%rdx; dec %rcx; jnz threads_loop
 *
 * Nothing else jumps or falls into threads_loop, so it is one translation
 * block of exactly 4 instructions, without memory accesses, and:
 *
 *   - executions of the block at threads_loop, summed over vCPUs
 *       = sum(ITERS)               (default 400000; uneven mode 400000)
 *   - instructions executed in [threads_loop, threads_loop_end)
 *       = 4 * sum(ITERS)           (default 1600000)
 *   - per vCPU: the main thread is vCPU 0 and never runs the loop; the
 *     threads get vCPUs 1..T in creation order, because all of them wait on
 *     a barrier before working, so none exits (freeing its index) before the
 *     last is created.  vCPU i runs the block exactly ITERS[i-1] times.
 *   - a syscall event is NOT known in number (libc, futex timing), and the
 *     total instruction count is not known by construction at all.
 *
 * Addresses come from the link: nm threads | grep threads_loop.
 * Companion: threads.expect.
 */
#include <pthread.h>
#include <stdlib.h>

#define MAX_THREADS 16

static pthread_barrier_t start;

__attribute__((noinline, noclone))
static void *worker(void *arg)
{
    unsigned long iters = (unsigned long)arg, a = 0, d = 0;

    pthread_barrier_wait(&start);
    /* The only copy of this asm: worker is never inlined or cloned. */
    __asm__ volatile(
        "       jmp     threads_loop\n"
        "       .globl  threads_loop, threads_loop_end\n"
        "threads_loop:\n"
        "       add     %%rcx, %%rax\n"
        "       xor     %%rax, %%rdx\n"
        "       dec     %%rcx\n"
        "       jnz     threads_loop\n"
        "threads_loop_end:\n"
        : "+c"(iters), "+a"(a), "+d"(d) : : "cc");
    return (void *)(a ^ d);
}

int main(int argc, char **argv)
{
    static const char *defaults[] = { "100000", "100000", "100000", "100000" };
    const char **iters = (const char **)argv + 1;
    int n = argc - 1;
    pthread_t tid[MAX_THREADS];

    if (n == 0) {
        iters = defaults;
        n = 4;
    }
    if (n > MAX_THREADS)
        return 2;
    pthread_barrier_init(&start, NULL, n);
    for (int i = 0; i < n; i++) {
        unsigned long it = strtoul(iters[i], NULL, 0);
        if (it == 0 || pthread_create(&tid[i], NULL, worker, (void *)it))
            return 1;
    }
    for (int i = 0; i < n; i++)
        pthread_join(tid[i], NULL);
    return 0;
}
