/*
 * The guest's memory layout, the same whatever libraries a run loads.
 *
 * QEMU 9 and later (user mode) map the guest's memory where the host's
 * mmap() puts it: top-down, into the highest free gap that fits.  The
 * libraries a run loads (and what they allocate) take gaps first, so the
 * guest's addresses, and with them what some programs do (Python, for
 * one), would differ between a profile run with one set of libraries and
 * a capture run with another.  layout_hold() takes every free gap among
 * the host's mappings, and a pad below them, before the start-up libraries
 * load; they load below the pad; layout_release() gives it all back, so
 * the guest finds the gaps as they were before any library loaded.  Host
 * allocations later come from the heap (up to 32 MiB each, every thread
 * from the one arena), not from mmap() among the guest's mappings; QEMU's
 * RCU thread, which makes an arena of its own at its start, is waited for.
 * A library loaded later (over QMP) still maps its code among the guest's
 * mappings.  With address randomisation off
 * (setarch -R: qi-campaign does it), the guest's layout is then the same
 * in every run of the same program (docs/campaigns.md).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef QI_LAYOUT_H
#define QI_LAYOUT_H

/* Take the free gaps, before the start-up libraries load (user mode). */
void layout_hold(void);

/* Give them back, once the start-up libraries have loaded. */
void layout_release(void);

#endif /* QI_LAYOUT_H */
