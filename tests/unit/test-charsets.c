/*
 * Unit tests: library ids and plain words (common/charsets.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>

#include "common/charsets.h"
#include "tests/unit/check-main.h"

START_TEST(test_ids)
{
    ck_assert(library_id_is_valid("lib0"));
    ck_assert(library_id_is_valid("My-lib_2.x"));
    ck_assert(!library_id_is_valid(""));
    ck_assert(!library_id_is_valid(NULL));
    ck_assert(!library_id_is_valid("a b"));
    ck_assert(!library_id_is_valid("../x"));
    ck_assert(!library_id_is_valid("a=b"));
    ck_assert(!library_id_is_valid("caf\xc3\xa9"));
}
END_TEST

START_TEST(test_plain_words)
{
    /* Shell words: ids, paths and option values need no quotes. */
    ck_assert(word_is_plain("/usr/bin/qemu-x86_64", ""));
    ck_assert(word_is_plain("-d", ""));
    ck_assert(word_is_plain("unix:/tmp/q.sock,server@x+y", ""));
    ck_assert(!word_is_plain("", ""));
    ck_assert(!word_is_plain("a=b", ""));
    ck_assert(!word_is_plain("50%", ""));
    ck_assert(!word_is_plain("a b", ""));
    ck_assert(!word_is_plain("it's", ""));
    ck_assert(!word_is_plain("$x", ""));
    ck_assert(!word_is_plain("~", ""));
    /* HMP words also take '=' and '%'. */
    ck_assert(word_is_plain("out=t.%w.txt", "=%"));
    ck_assert(!word_is_plain("", "=%"));
    ck_assert(!word_is_plain("say \"hi\"", "=%"));
    ck_assert(!word_is_plain("back\\slash", "=%"));
}
END_TEST

int main(void)
{
    const TTest *const tests[] = {
        test_ids, test_plain_words, NULL
    };
    return run_tests("charsets", tests);
}
