# Tests.  SPDX-License-Identifier: GPL-2.0-or-later

# Unit tests (Check) of the pure parts.
check_PROGRAMS += tests/unit/test-options
tests_unit_test_options_SOURCES = tests/unit/test-options.c \
	instrument/options.c instrument/options.h
tests_unit_test_options_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_options_LDADD = $(GLIB_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-options
