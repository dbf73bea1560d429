# Tests.  SPDX-License-Identifier: GPL-2.0-or-later

# Unit tests (Check) of the pure parts.
check_PROGRAMS += tests/unit/test-options
tests_unit_test_options_SOURCES = tests/unit/test-options.c \
	instrument/options.c instrument/options.h
tests_unit_test_options_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_options_LDADD = $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-options

check_PROGRAMS += tests/unit/test-launcher-args
tests_unit_test_launcher_args_SOURCES = tests/unit/test-launcher-args.c \
	tools/launcher-args.c tools/launcher-args.h
tests_unit_test_launcher_args_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
tests_unit_test_launcher_args_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_launcher_args_LDADD = $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-launcher-args

# Test libraries, built like any user's library but not installed.
TEST_LIB_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
check_LTLIBRARIES += tests/libs/promise-count.la tests/libs/misuse.la
tests_libs_promise_count_la_SOURCES = tests/libs/promise-count.c
tests_libs_promise_count_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_promise_count_la_LIBADD = libqemu-instr.la
tests_libs_misuse_la_SOURCES = tests/libs/misuse.c
tests_libs_misuse_la_LDFLAGS = $(TEST_LIB_LDFLAGS)
tests_libs_misuse_la_LIBADD = libqemu-instr.la
