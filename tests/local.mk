# Tests.  SPDX-License-Identifier: GPL-2.0-or-later

# Unit tests (Check) of the pure parts.
check_PROGRAMS += tests/unit/test-options
tests_unit_test_options_SOURCES = tests/unit/test-options.c \
	instrument/options.c instrument/options.h
tests_unit_test_options_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_options_LDADD = monitor/libmonitor.la $(GLIB_LIBS) \
	$(CHECK_LIBS)
TESTS += tests/unit/test-options

check_PROGRAMS += tests/unit/test-launcher-args
tests_unit_test_launcher_args_SOURCES = tests/unit/test-launcher-args.c \
	tools/launcher-args.c tools/launcher-args.h
tests_unit_test_launcher_args_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
tests_unit_test_launcher_args_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_launcher_args_LDADD = $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-launcher-args
# Libraries' arguments past the kernel's limit on one argument; the guest
# program found as a shell finds it.
TESTS += tests/integration/launcher-big-args.sh \
	tests/integration/launcher-program.sh

# Test libraries, built like any user's library but not installed.
TEST_LIB_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
check_LTLIBRARIES += tests/libs/promise-count.la tests/libs/misuse.la
tests_libs_promise_count_la_SOURCES = tests/libs/promise-count.c
tests_libs_promise_count_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_promise_count_la_LIBADD = libqemu-instr.la
tests_libs_misuse_la_SOURCES = tests/libs/misuse.c
tests_libs_misuse_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_misuse_la_LIBADD = libqemu-instr.la
check_LTLIBRARIES += tests/libs/unresolved.la
tests_libs_unresolved_la_SOURCES = tests/libs/unresolved.c
tests_libs_unresolved_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_unresolved_la_LIBADD = libqemu-instr.la
check_LTLIBRARIES += tests/libs/slow.la
tests_libs_slow_la_SOURCES = tests/libs/slow.c
tests_libs_slow_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_slow_la_LIBADD = libqemu-instr.la
check_LTLIBRARIES += tests/libs/crashy.la
tests_libs_crashy_la_SOURCES = tests/libs/crashy.c
tests_libs_crashy_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_crashy_la_LIBADD = libqemu-instr.la
check_LTLIBRARIES += tests/libs/counters.la
tests_libs_counters_la_SOURCES = tests/libs/counters.c
tests_libs_counters_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_counters_la_LIBADD = libqemu-instr.la
check_LTLIBRARIES += tests/libs/block-vcpus.la
tests_libs_block_vcpus_la_SOURCES = tests/libs/block-vcpus.c
tests_libs_block_vcpus_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_block_vcpus_la_LIBADD = libqemu-instr.la
check_LTLIBRARIES += tests/libs/no-init.la tests/libs/no-version.la \
	tests/libs/version-next.la tests/libs/init-fails.la
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

# Integration tests: real QEMU on the guests above.
include tests/guests/local.mk
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	QI='$(abs_top_builddir)/tools/qemu-instr'; \
	QEMU_X86_64='$(QEMU_X86_64)'; QEMU_AARCH64='$(QEMU_AARCH64)'; \
	QEMU_SYSTEM_X86_64='$(QEMU_SYSTEM_X86_64)'; \
	QEMU_STATIC_X86_64='$(QEMU_STATIC_X86_64)'; \
	GUESTS='$(abs_top_builddir)/tests/guests'; \
	GUEST_SRC='$(abs_top_srcdir)/tests/guests'; \
	TESTS_SRC='$(abs_top_srcdir)/tests'; \
	TESTLIBS='$(abs_top_builddir)/tests/libs/.libs'; \
	MODULES='$(abs_top_builddir)/instrument/.libs'; \
	CC='$(CC)'; AARCH64_CC='$(AARCH64_CC)'; \
	export QI QEMU_X86_64 QEMU_AARCH64 QEMU_SYSTEM_X86_64 QEMU_STATIC_X86_64 GUESTS GUEST_SRC \
		TESTS_SRC TESTLIBS MODULES CC AARCH64_CC;
EXTRA_DIST += tests/integration/lib.sh tests/integration/bbv-lib.sh
TESTS += \
	tests/integration/syscall-trace.sh \
	tests/integration/libraries.sh \
	tests/integration/bad-input.sh \
	tests/integration/icount.sh \
	tests/integration/counters.sh \
	tests/integration/forks.sh tests/integration/signals.sh \
	tests/integration/memtrace.sh tests/integration/write-errors.sh \
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
	tests/integration/sdk.sh

check_PROGRAMS += tests/unit/test-qmp
tests_unit_test_qmp_SOURCES = tests/unit/test-qmp.c
tests_unit_test_qmp_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_qmp_LDADD = qmp/libqmp.la monitor/libmonitor.la \
	$(GLIB_LIBS) $(JSON_GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-qmp
check_LTLIBRARIES += tests/libs/recorder.la tests/libs/block-count.la
tests_libs_recorder_la_SOURCES = tests/libs/recorder.c
tests_libs_recorder_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_recorder_la_LIBADD = libqemu-instr.la
tests_libs_block_count_la_SOURCES = tests/libs/block-count.c
tests_libs_block_count_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_block_count_la_LIBADD = libqemu-instr.la

# Run-time control tests, in Python (standard library only).
TEST_EXTENSIONS += .py
PY_LOG_COMPILER = python3
EXTRA_DIST += tests/integration/qmp_client.py
TESTS += tests/integration/qmp-user.py tests/integration/qmp-slow.py \
	tests/integration/monitors-edges.py

check_PROGRAMS += tests/unit/test-hmp
tests_unit_test_hmp_SOURCES = tests/unit/test-hmp.c
tests_unit_test_hmp_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(GIO_CFLAGS) \
	$(CHECK_CFLAGS)
tests_unit_test_hmp_LDADD = hmp/libhmp.la monitor/libmonitor.la \
	$(GLIB_LIBS) $(GIO_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-hmp
TESTS += tests/integration/qmp-system.py tests/integration/qmp-soak.py \
	tests/integration/windows.py \
	tests/integration/qmp-fork-soak.py

check_PROGRAMS += tests/unit/test-simpoint
tests_unit_test_simpoint_SOURCES = tests/unit/test-simpoint.c $(QI_SIMPOINT_SOURCES)
tests_unit_test_simpoint_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools/simpoint
tests_unit_test_simpoint_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(ZLIB_CFLAGS) \
	$(CHECK_CFLAGS)
tests_unit_test_simpoint_LDADD = $(GLIB_LIBS) $(ZLIB_LIBS) $(CHECK_LIBS) -lm
TESTS += tests/unit/test-simpoint
TESTS += tests/integration/simpoint-phases.sh
# qi-simpoint against the outputs of the original SimPoint 3.2.
TESTS += tests/integration/simpoint-reference.sh
EXTRA_DIST += tests/simpoint-ref
# Sparse block ids up to 2,000,000,000 in little memory.
TESTS += tests/integration/simpoint-sparse.sh
TESTS += tests/integration/monitors-socat.sh
TESTS += tests/integration/library-faults.sh
TESTS += tests/integration/shutdown-matrix.sh tests/integration/finish-timeout.sh

check_PROGRAMS += tests/unit/test-classify
tests_unit_test_classify_SOURCES = tests/unit/test-classify.c \
	instrument/classify.c instrument/classify.h
tests_unit_test_classify_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) \
	$(CAPSTONE_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_classify_LDADD = $(GLIB_LIBS) $(CAPSTONE_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-classify
check_PROGRAMS += tests/unit/test-phantom
tests_unit_test_phantom_SOURCES = tests/unit/test-phantom.c \
	instrument/phantom.c instrument/phantom.h \
	instrument/classify.c instrument/classify.h
tests_unit_test_phantom_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) \
	$(CAPSTONE_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_phantom_LDADD = $(GLIB_LIBS) $(CAPSTONE_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-phantom
check_LTLIBRARIES += tests/libs/classes.la tests/libs/services.la
tests_libs_classes_la_SOURCES = tests/libs/classes.c
tests_libs_classes_la_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS)
tests_libs_classes_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_classes_la_LIBADD = libqemu-instr.la $(GLIB_LIBS)
tests_libs_services_la_SOURCES = tests/libs/services.c
tests_libs_services_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_services_la_LIBADD = libqemu-instr.la
# qi-campaign (docs/campaigns.md): the local and Slurm engines on one test
# campaign, resuming, and errors in campaign files.
EXTRA_DIST += tests/integration/campaign-lib.sh tests/integration/slurm-lib.sh
TESTS += tests/integration/campaign-local.sh tests/integration/campaign-errors.sh \
	tests/integration/campaign-resume.sh tests/integration/campaign-slurm.sh \
	tests/integration/campaign-quoting.sh

# instrument/ is layered: no include or call cycle between its files, the
# public API only in api-*.c (scripts/check-layers.py, docs/architecture.md).
TESTS += tests/integration/layers.sh

# The core (instrument/) on a fake QEMU (tests/unit/fake-backend.h): its
# sources compiled into the test program, which exports them
# (-export-dynamic) to the libraries it loads: tests/libs' and
# scripted-lib, whose qi_init and qi_fini the tests script.
check_PROGRAMS += tests/unit/test-core
tests_unit_test_core_SOURCES = tests/unit/test-core.c \
	tests/unit/core-harness.c tests/unit/core-harness.h \
	tests/unit/fake-backend.c tests/unit/fake-backend.h \
	tests/unit/core-control.c tests/unit/core-counters.c \
	tests/unit/core-finish.c tests/unit/core-handles.c \
	tests/unit/core-lifecycle.c tests/unit/core-outputs.c \
	tests/unit/core-windows.c \
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
TESTS += tests/unit/test-core
