/*
 * QEMU's callback registrations kept in step with what the loaded
 * libraries need, so that an unused event costs nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QEMU_INSTR_CALLBACKS_H
#define QEMU_INSTR_CALLBACKS_H

/*
 * Register with QEMU exactly the events some active library handles (or
 * the runtime needs: translation with a monitor or windows), and
 * unregister the others.  Call after any change to the libraries or to
 * their handlers.
 */
void callbacks_sync(void);

#endif /* QEMU_INSTR_CALLBACKS_H */
