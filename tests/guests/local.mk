# Guest programs whose behaviour is known by construction (see each source's
# header and its .expect file).  SPDX-License-Identifier: GPL-2.0-or-later

X86_GUESTS = tests/guests/loop tests/guests/stores tests/guests/syscalls \
	tests/guests/forks tests/guests/aborts \
	tests/guests/phases tests/guests/phases-rate tests/guests/spin \
	tests/guests/branches \
	tests/guests/cache tests/guests/files tests/guests/cross \
	tests/guests/faults tests/guests/champsim tests/guests/random-phases
AARCH64_GUESTS = tests/guests/loop-aarch64 tests/guests/stores-aarch64 \
	tests/guests/branches-aarch64 tests/guests/cache-aarch64 \
	tests/guests/files-aarch64 tests/guests/cross-aarch64 \
	tests/guests/faults-aarch64 tests/guests/champsim-aarch64
KERNELS = tests/guests/kernel.elf tests/guests/kernel-faults.elf
GUESTS = $(X86_GUESTS) tests/guests/threads $(KERNELS) \
	tests/guests/branches-i386
AARCH64_KERNELS = tests/guests/kernel-faults-aarch64.elf
if HAVE_AARCH64_CC
GUESTS += $(AARCH64_GUESTS) $(AARCH64_KERNELS)
endif
check_DATA = $(GUESTS)
CLEANFILES += $(X86_GUESTS) $(AARCH64_GUESTS) tests/guests/threads \
	$(KERNELS) $(AARCH64_KERNELS) tests/guests/branches-i386
EXTRA_DIST += $(X86_GUESTS:=.S) $(AARCH64_GUESTS:=.S) \
	$(X86_GUESTS:=.expect) $(AARCH64_GUESTS:=.expect) \
	tests/guests/threads.c tests/guests/threads.expect \
	$(KERNELS:.elf=.S) $(KERNELS:.elf=.expect) tests/guests/kernel.ld \
	tests/guests/branches-i386.S tests/guests/branches-i386.expect \
	$(AARCH64_KERNELS:.elf=.S) $(AARCH64_KERNELS:.elf=.expect) \
	tests/guests/kernel-aarch64.ld

$(X86_GUESTS): tests/guests/%: tests/guests/%.S
	@$(MKDIR_P) tests/guests
	$(AM_V_CCAS)$(CC) -nostdlib -static -o $@ $<
$(AARCH64_GUESTS): tests/guests/%: tests/guests/%.S
	@$(MKDIR_P) tests/guests
	$(AM_V_CCAS)$(AARCH64_CC) -nostdlib -static -o $@ $<
tests/guests/threads: tests/guests/threads.c
	@$(MKDIR_P) tests/guests
	$(AM_V_CC)$(CC) -static -O1 -pthread -o $@ $<
$(KERNELS): tests/guests/%.elf: tests/guests/%.S tests/guests/kernel.ld
	@$(MKDIR_P) tests/guests
	$(AM_V_CCAS)$(CC) -m32 -nostdlib -static \
		-Wl,-T,$(srcdir)/tests/guests/kernel.ld -Wl,--build-id=none -o $@ $<
$(AARCH64_KERNELS): tests/guests/%.elf: tests/guests/%.S tests/guests/kernel-aarch64.ld
	@$(MKDIR_P) tests/guests
	$(AM_V_CCAS)$(AARCH64_CC) -nostdlib -static \
		-Wl,-T,$(srcdir)/tests/guests/kernel-aarch64.ld -Wl,--build-id=none -o $@ $<
tests/guests/branches-i386: tests/guests/branches-i386.S
	@$(MKDIR_P) tests/guests
	$(AM_V_CCAS)$(CC) -m32 -nostdlib -static -o $@ $<
