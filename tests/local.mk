# Tests.  SPDX-License-Identifier: GPL-2.0-or-later
#
# Four groups, in this order: unit tests (the pure parts, no QEMU), test
# libraries (instrumentation libraries that only tests load), guests
# (programs whose behaviour is known by construction) and integration tests
# (real QEMU on the guests).  Each group that runs tests has one list, added
# to TESTS once; helpers that tests source or import are in tests/lib/.

# How every test runs: shell and Python scripts through their interpreters,
# programs as they are, all with the paths below in their environment.
TEST_EXTENSIONS = .sh .py
SH_LOG_COMPILER = $(SHELL)
PY_LOG_COMPILER = python3
AM_TESTS_ENVIRONMENT = \
	QI='$(abs_top_builddir)/tools/qemu-instr'; \
	QEMU_X86_64='$(QEMU_X86_64)'; QEMU_AARCH64='$(QEMU_AARCH64)'; \
	QEMU_SYSTEM_X86_64='$(QEMU_SYSTEM_X86_64)'; \
	QEMU_SYSTEM_AARCH64='$(QEMU_SYSTEM_AARCH64)'; \
	QEMU_STATIC_X86_64='$(QEMU_STATIC_X86_64)'; \
	GUESTS='$(abs_top_builddir)/tests/guests'; \
	GUEST_SRC='$(abs_top_srcdir)/tests/guests'; \
	TESTS_SRC='$(abs_top_srcdir)/tests'; \
	TESTLIBS='$(abs_top_builddir)/tests/libs/.libs'; \
	MODULES='$(abs_top_builddir)/instrument/.libs'; \
	CC='$(CC)'; AARCH64_CC='$(AARCH64_CC)'; \
	export QI QEMU_X86_64 QEMU_AARCH64 QEMU_SYSTEM_X86_64 QEMU_SYSTEM_AARCH64 QEMU_STATIC_X86_64 GUESTS GUEST_SRC \
		TESTS_SRC TESTLIBS MODULES CC AARCH64_CC;

# --------------------------------------------------------------------------
# Unit tests: Check programs over the sources they test, and one Python
# script (qi-campaign's counts, on the same cases as test-count).
UNIT_TEST_BINARIES = \
	tests/unit/test-options \
	tests/unit/test-launcher-args \
	tests/unit/test-count \
	tests/unit/test-charsets \
	tests/unit/test-qmp \
	tests/unit/test-hmp \
	tests/unit/test-simpoint \
	tests/unit/test-classify \
	tests/unit/test-champsim \
	tests/unit/test-phantom \
	tests/unit/test-core
UNIT_TESTS = $(UNIT_TEST_BINARIES) tests/unit/test-numbers.py
check_PROGRAMS += $(UNIT_TEST_BINARIES)
TESTS += $(UNIT_TESTS)
EXTRA_DIST += tests/unit/check-main.h tests/unit/counts.txt
UNIT_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)

tests_unit_test_options_SOURCES = tests/unit/test-options.c \
	instrument/options.c instrument/options.h
tests_unit_test_options_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_options_LDADD = monitor/libmonitor.la $(GLIB_LIBS) \
	$(CHECK_LIBS)

tests_unit_test_launcher_args_SOURCES = tests/unit/test-launcher-args.c \
	tools/launcher-args.c tools/launcher-args.h \
	common/charsets.c common/charsets.h common/libsearch.c common/libsearch.h
tests_unit_test_launcher_args_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
tests_unit_test_launcher_args_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_launcher_args_LDADD = $(GLIB_LIBS) $(CHECK_LIBS)

tests_unit_test_count_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_count_LDADD = $(GLIB_LIBS) $(CHECK_LIBS)

tests_unit_test_charsets_SOURCES = tests/unit/test-charsets.c \
	common/charsets.c common/charsets.h
tests_unit_test_charsets_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_charsets_LDADD = $(GLIB_LIBS) $(CHECK_LIBS)

tests_unit_test_qmp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_qmp_LDADD = qmp/libqmp.la monitor/libmonitor.la \
	$(GLIB_LIBS) $(JSON_GLIB_LIBS) $(CHECK_LIBS)

tests_unit_test_hmp_CFLAGS = $(UNIT_CFLAGS) $(GIO_CFLAGS)
tests_unit_test_hmp_LDADD = hmp/libhmp.la monitor/libmonitor.la \
	$(GLIB_LIBS) $(GIO_LIBS) $(CHECK_LIBS)

tests_unit_test_simpoint_SOURCES = tests/unit/test-simpoint.c $(QI_SIMPOINT_SOURCES)
tests_unit_test_simpoint_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools/simpoint
tests_unit_test_simpoint_CFLAGS = $(UNIT_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_test_simpoint_LDADD = $(GLIB_LIBS) $(ZLIB_LIBS) $(CHECK_LIBS) -lm

tests_unit_test_classify_SOURCES = tests/unit/test-classify.c \
	instrument/classify.c instrument/classify.h
tests_unit_test_classify_CFLAGS = $(UNIT_CFLAGS) $(CAPSTONE_CFLAGS)
tests_unit_test_classify_LDADD = $(GLIB_LIBS) $(CAPSTONE_LIBS) $(CHECK_LIBS)

tests_unit_test_champsim_SOURCES = tests/unit/test-champsim.c \
	$(CHAMPSIM_DESCRIBE)
tests_unit_test_champsim_CFLAGS = $(UNIT_CFLAGS) $(CAPSTONE_CFLAGS)
tests_unit_test_champsim_LDADD = $(GLIB_LIBS) $(CAPSTONE_LIBS) $(CHECK_LIBS)

tests_unit_test_phantom_SOURCES = tests/unit/test-phantom.c \
	instrument/phantom.c instrument/phantom.h \
	instrument/classify.c instrument/classify.h
tests_unit_test_phantom_CFLAGS = $(UNIT_CFLAGS) $(CAPSTONE_CFLAGS)
tests_unit_test_phantom_LDADD = $(GLIB_LIBS) $(CAPSTONE_LIBS) $(CHECK_LIBS)

# The core (instrument/) on a fake QEMU (tests/unit/fake-backend.h): its
# sources compiled into the test program, which exports them
# (-export-dynamic) to the libraries it loads: tests/libs' and
# scripted-lib, whose qi_init and qi_fini the tests script.
tests_unit_test_core_SOURCES = tests/unit/test-core.c \
	tests/unit/core-harness.c tests/unit/core-harness.h \
	tests/unit/fake-backend.c tests/unit/fake-backend.h \
	tests/unit/core-control.c tests/unit/core-counters.c \
	tests/unit/core-finish.c tests/unit/core-handles.c \
	tests/unit/core-lifecycle.c tests/unit/core-outputs.c \
	tests/unit/core-windows.c \
	tests/unit/core-retire.c \
	$(INSTR_CORE_SOURCES)
tests_unit_test_core_CPPFLAGS = $(AM_CPPFLAGS) \
	-DCORE_TEST_LIBS='"$(abs_top_builddir)/tests/libs/.libs"' \
	-DCORE_TEST_UNIT_LIBS='"$(abs_top_builddir)/tests/unit/.libs"'
tests_unit_test_core_CFLAGS = $(INSTR_CORE_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_core_LDFLAGS = -export-dynamic
tests_unit_test_core_LDADD = $(INSTR_CORE_LIBS) $(CHECK_LIBS)
check_LTLIBRARIES += tests/unit/scripted-lib.la
tests_unit_scripted_lib_la_SOURCES = tests/unit/scripted-lib.c
tests_unit_scripted_lib_la_LDFLAGS = $(TEST_LIB_LDFLAGS)

# --------------------------------------------------------------------------
# Test libraries, built like any user's library (each from
# tests/libs/NAME.c unless said otherwise) but not installed.
TEST_LIBS = \
	tests/libs/promise-count.la tests/libs/misuse.la \
	tests/libs/unresolved.la tests/libs/slow.la tests/libs/crashy.la \
	tests/libs/counters.la tests/libs/block-vcpus.la \
	tests/libs/recorder.la tests/libs/block-count.la \
	tests/libs/classes.la tests/libs/services.la \
	tests/libs/no-init.la tests/libs/no-version.la \
	tests/libs/version-next.la tests/libs/init-fails.la
check_LTLIBRARIES += $(TEST_LIBS)
TEST_LIB_LDFLAGS = -module -avoid-version -shared -rpath /nowhere

tests_libs_promise_count_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_promise_count_la_LIBADD = libqemu-instr.la
tests_libs_misuse_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_misuse_la_LIBADD = libqemu-instr.la
tests_libs_unresolved_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_unresolved_la_LIBADD = libqemu-instr.la
tests_libs_slow_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_slow_la_LIBADD = libqemu-instr.la
tests_libs_crashy_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_crashy_la_LIBADD = libqemu-instr.la
tests_libs_counters_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_counters_la_LIBADD = libqemu-instr.la
tests_libs_block_vcpus_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_block_vcpus_la_LIBADD = libqemu-instr.la
tests_libs_recorder_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_recorder_la_LIBADD = libqemu-instr.la
tests_libs_block_count_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_block_count_la_LIBADD = libqemu-instr.la
tests_libs_classes_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
tests_libs_classes_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_classes_la_LIBADD = libqemu-instr.la $(GLIB_LIBS)
tests_libs_services_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_services_la_LIBADD = libqemu-instr.la

# Broken libraries, all from broken.c: the macro says what is wrong.
tests_libs_no_init_la_SOURCES = tests/libs/broken.c
tests_libs_no_init_la_CPPFLAGS = $(AM_CPPFLAGS) -DNO_INIT
tests_libs_no_init_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_no_version_la_SOURCES = tests/libs/broken.c
tests_libs_no_version_la_CPPFLAGS = $(AM_CPPFLAGS) -DNO_VERSION
tests_libs_no_version_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_no_version_la_LIBADD = libqemu-instr.la
tests_libs_version_next_la_SOURCES = tests/libs/broken.c
tests_libs_version_next_la_CPPFLAGS = $(AM_CPPFLAGS) -DVERSION_NEXT
tests_libs_version_next_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_version_next_la_LIBADD = libqemu-instr.la
tests_libs_init_fails_la_SOURCES = tests/libs/broken.c
tests_libs_init_fails_la_CPPFLAGS = $(AM_CPPFLAGS) -DINIT_FAILS
tests_libs_init_fails_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_init_fails_la_LIBADD = libqemu-instr.la

# --------------------------------------------------------------------------
# Guests.
include tests/guests/local.mk

# --------------------------------------------------------------------------
# Integration tests: real QEMU on the guests, through the launcher and the
# monitors, in shell (tests/lib/lib.sh) and Python (tests/lib/qmp_client.py,
# standard library only).
INTEGRATION_TESTS = \
	tests/integration/launcher-big-args.sh \
	tests/integration/launcher-program.sh \
	tests/integration/syscall-trace.sh \
	tests/integration/libraries.sh \
	tests/integration/bad-input.sh \
	tests/integration/icount.sh \
	tests/integration/counters.sh \
	tests/integration/forks.sh tests/integration/signals.sh \
	tests/integration/discontinuities.sh \
	tests/integration/memtrace.sh tests/integration/write-errors.sh \
	tests/integration/champsim.sh tests/integration/champsim-real.sh \
	tests/integration/layout.sh \
	tests/integration/opcodes.sh \
	tests/integration/hotblocks.sh \
	tests/integration/aarch64.sh \
	tests/integration/together.sh \
	tests/integration/bbv-phases.sh \
	tests/integration/bbv-loop.sh \
	tests/integration/bbv-valgrind.sh \
	tests/integration/bbv-trace.sh \
	tests/integration/traces-cut.sh \
	tests/integration/bbv-threads.sh \
	tests/integration/bbv-aarch64.sh \
	tests/integration/bbv-bad-input.sh \
	tests/integration/page-cross.sh \
	tests/integration/api-v3.sh tests/integration/examples-v3.sh \
	tests/integration/sdk.sh \
	tests/integration/qmp-user.py tests/integration/qmp-slow.py \
	tests/integration/monitors-edges.py \
	tests/integration/qmp-system.py tests/integration/qmp-soak.py \
	tests/integration/windows.py \
	tests/integration/qmp-fork-soak.py \
	tests/integration/monitors-socat.sh \
	tests/integration/simpoint-phases.sh \
	tests/integration/simpoint-reference.sh \
	tests/integration/simpoint-sparse.sh \
	tests/integration/library-faults.sh \
	tests/integration/shutdown-matrix.sh tests/integration/finish-timeout.sh \
	tests/integration/campaign-local.sh tests/integration/campaign-errors.sh \
	tests/integration/campaign-resume.sh tests/integration/campaign-slurm.sh \
	tests/integration/campaign-quoting.sh \
	tests/integration/campaign-fidelity.sh tests/integration/campaign-stderr.sh \
	tests/integration/layers.sh
# layers.sh: instrument/ is layered: no include or call cycle between its
# files, the public API only in api-*.c (scripts/check-layers.py,
# docs/architecture.md).
TESTS += $(INTEGRATION_TESTS)
# simpoint-reference.sh: qi-simpoint against the outputs of SimPoint 3.2.
EXTRA_DIST += tests/lib/lib.sh tests/lib/bbv-lib.sh tests/lib/campaign-lib.sh \
	tests/lib/slurm-lib.sh tests/lib/qmp_client.py tests/simpoint-ref
