/*
 * Libraries' KEY=VALUE arguments (qi_args_parse).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_ARGS_H
#define QEMU_INSTR_ARGS_H

/*
 * Match @argv[1..@argc) against the NULL-terminated @keys: @values[k] is
 * the value of keys[k], or NULL if it is not given.  Returns 0, or -1 with
 * a one-line reason in @why (to g_free()) for an argument that is not
 * KEY=VALUE, an unknown key, or a key given twice.
 */
int args_parse(int argc, const char **argv, const char *const *keys,
               const char **values, char **why);

#endif /* QEMU_INSTR_ARGS_H */
