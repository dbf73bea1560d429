/*
 * Unit tests of phantom instructions (instrument/phantom.c) and of the
 * instruction length they rest on (classify_length()): x86-64 encodings
 * by hand (GNU as's), whole and cut, at and away from a page end.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <check.h>

#include "instrument/classify.h"
#include "instrument/phantom.h"
#include "tests/unit/check-main.h"

#define PAGE_END 0x403000u
#define BLOCK 0x402f00u /* where the block starts, earlier in the page */

static const unsigned char mov_eax_1[] = { 0xb8, 0x01, 0x00, 0x00, 0x00 };
static const unsigned char jne[] = { 0x75, 0xf3 };
static const unsigned char movabs[] = { 0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8 };

START_TEST(lengths)
{
    ck_assert(classify_set_target("x86_64"));
    ck_assert_uint_eq(classify_length(mov_eax_1, 5, 0x1000), 5);
    ck_assert_uint_eq(classify_length(mov_eax_1, 1, 0x1000), 0);
    ck_assert_uint_eq(classify_length(movabs, 10, 0x1000), 10);
    ck_assert_uint_eq(classify_length(movabs, 2, 0x1000), 0);
    ck_assert_uint_eq(classify_length(movabs, 9, 0x1000), 0);
    /* More bytes than the instruction: its own length. */
    static const unsigned char jne_nop[] = { 0x75, 0xf3, 0x90 };
    ck_assert_uint_eq(classify_length(jne_nop, 3, 0x1000), 2);
    ck_assert_uint_eq(classify_length(jne, 2, 0x1000), 2);
    ck_assert(!classify_set_target("riscv64"));
    ck_assert_uint_eq(classify_length(jne, 2, 0x1000), 0);
}
END_TEST

START_TEST(cut_at_the_page_end)
{
    ck_assert(classify_set_target("x86_64"));
    /* QEMU 7.2's "b8" of a mov starting 2 bytes before the end. */
    ck_assert(phantom_abandoned(BLOCK, PAGE_END - 2, mov_eax_1, 1));
    /* movabs: its 8-byte immediate would cross (8 bytes left after 2). */
    ck_assert(phantom_abandoned(BLOCK, PAGE_END - 9, movabs, 2));
    /* A whole instruction that ends near or at the end is kept. */
    ck_assert(!phantom_abandoned(BLOCK, PAGE_END - 3, jne, 2));
    ck_assert(!phantom_abandoned(BLOCK, PAGE_END - 2, jne, 2));
    ck_assert(!phantom_abandoned(BLOCK, PAGE_END - 5, mov_eax_1, 5));
}
END_TEST

START_TEST(not_at_the_page_end)
{
    ck_assert(classify_set_target("x86_64"));
    /* 8 bytes left: any read would have fitted. */
    ck_assert(!phantom_abandoned(BLOCK, PAGE_END - 9, mov_eax_1, 1));
    /* The block's first instruction is never abandoned. */
    ck_assert(!phantom_abandoned(PAGE_END - 2, PAGE_END - 2, mov_eax_1, 1));
    /* Bytes past the end of the block's first page: not QEMU's cut. */
    ck_assert(!phantom_abandoned(BLOCK, PAGE_END - 1, mov_eax_1, 2));
    ck_assert(!phantom_abandoned(BLOCK, PAGE_END + 4, mov_eax_1, 1));
    /* At the top of the address space. */
    ck_assert(phantom_abandoned(UINT64_MAX - 8, UINT64_MAX - 1, mov_eax_1,
                                1));
    ck_assert(!phantom_abandoned(UINT64_MAX - 8, UINT64_MAX - 4, mov_eax_1,
                                 5));
}
END_TEST

START_TEST(unknown_decoder)
{
    /* Without a decoder nothing is dropped. */
    ck_assert(!classify_set_target(NULL));
    ck_assert(!phantom_abandoned(BLOCK, PAGE_END - 2, mov_eax_1, 1));
}
END_TEST

int main(void)
{
    const TTest *const tests[] = {
        lengths, cut_at_the_page_end, not_at_the_page_end, unknown_decoder,
        NULL
    };
    return run_tests("phantom", tests);
}
