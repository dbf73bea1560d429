/*
 * args: print the arguments the library was loaded with, one per line on
 * standard error, with the id the runtime gave it:
 *
 *     $ qemu-instr qemu-x86_64 -instr file=args,arg=a,,b,arg=x=1 /bin/true
 *     args lib0: argc=3
 *     args lib0: argv[0]=/usr/lib/x86_64-linux-gnu/qemu-instr/libraries/args.so
 *     args lib0: argv[1]=a,b
 *     args lib0: argv[2]=x=1
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include <qemu-instr/qi.h>

QI_EXPORT const int qi_api_version = QI_API_VERSION;

QI_EXPORT int qi_init(int argc, const char **argv)
{
    fprintf(stderr, "args %s: argc=%d\n", qi_library_id(), argc);
    for (int i = 0; i < argc; i++) {
        fprintf(stderr, "args %s: argv[%d]=%s\n", qi_library_id(), i, argv[i]);
    }
    return 0;
}
