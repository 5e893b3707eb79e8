/*
 * abi_mingw.c - layouts of mingw-w64's psapi.h and tlhelp32.h
 *
 * Compiled WITHOUT our include/ directory on the path, so <psapi.h> and
 * <tlhelp32.h> are mingw-w64's.  Proves at compile time that mingw-w64's
 * layouts equal the documented ones (abi_layout.h), and exports the measured
 * numbers so that abi.c compares ours with them at run time.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The tables name the ANSI structures, which UNICODE would rename. */
#undef UNICODE
#undef _UNICODE

#include <stddef.h>
#include <string.h>
#include <windows.h>
#include <psapi.h>
#include <tlhelp32.h>

#include "abi_layout.h"

#if defined(__K32PSAPI_PSAPI_H) || defined(__K32PSAPI_TLHELP32_H)
#error "abi_mingw.c must see mingw-w64's headers: remove the project's include/ from its include path"
#endif

/*
 * Not measured here, because mingw-w64's psapi.h lacks it:
 * PROCESS_MEMORY_COUNTERS_EX2 (ABI_LAYOUT_OURS_ONLY); abi.c checks ours
 * against the documented numbers only.
 */

/* mingw-w64 against the documentation, at compile time */
#define ASSERT_SIZE(t, x86, x64) \
    _Static_assert(sizeof(t) == ABI_DOC(x86, x64), "mingw-w64: size of " #t);
#define ASSERT_FIELD(t, f, x86, x64) \
    _Static_assert(offsetof(t, f) == ABI_DOC(x86, x64), "mingw-w64: offset of " #t "." #f);
ABI_LAYOUT_COMMON(ASSERT_SIZE, ASSERT_FIELD)
#undef ASSERT_SIZE
#undef ASSERT_FIELD

#define ASSERT_CONSTANT(name, value) \
    _Static_assert((unsigned long long)(name) == (value), "mingw-w64: value of " #name);
ABI_CONSTANTS(ASSERT_CONSTANT)
#undef ASSERT_CONSTANT

/* the measured numbers, for abi.c */
#define ENTRY_SIZE(t, x86, x64)      { #t, sizeof(t) },
#define ENTRY_FIELD(t, f, x86, x64)  { #t "." #f, offsetof(t, f) },
const struct abi_entry abi_mingw_layout[] =
{
    ABI_LAYOUT_COMMON(ENTRY_SIZE, ENTRY_FIELD)
};
#undef ENTRY_SIZE
#undef ENTRY_FIELD
const unsigned int abi_mingw_layout_count = sizeof(abi_mingw_layout) / sizeof(abi_mingw_layout[0]);

#define ENTRY_CONSTANT(name, value) { #name, (unsigned long long)(name) },
const struct abi_entry abi_mingw_constants[] =
{
    ABI_CONSTANTS(ENTRY_CONSTANT)
};
#undef ENTRY_CONSTANT
const unsigned int abi_mingw_constants_count = sizeof(abi_mingw_constants) / sizeof(abi_mingw_constants[0]);

/* all ones, through a volatile so that no constant is truncated into a bit field */
static volatile ULONG_PTR all_ones = ~(ULONG_PTR)0;

/* the bits of Flags that one bit field covers */
#define BITS_FUNC(t, id, member, x86, x64) \
    static unsigned long long bits_##t##_##id(void) \
    { \
        t u; \
        memset(&u, 0, sizeof(u)); \
        u.member = all_ones; \
        return u.Flags; \
    }
ABI_BITS(BITS_FUNC)
#undef BITS_FUNC

unsigned int abi_mingw_bits(struct abi_entry *out, unsigned int max)
{
    unsigned int count = 0;

#define BITS_ENTRY(t, id, member, x86, x64) \
    if (count < max) \
    { \
        out[count].name = #t "." #member; \
        out[count].value = bits_##t##_##id(); \
    } \
    count++;
    ABI_BITS(BITS_ENTRY)
#undef BITS_ENTRY

    return count < max ? count : max;
}
