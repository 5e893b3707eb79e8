/*
 * The implementation under test, chosen at run time.
 *
 * K32_IMPL=system tests the platform's own kernel32.dll/psapi.dll;
 * K32_IMPL=ours (the default) loads kernel32_k32.dll and psapi.dll from
 * K32_DLLPATH (';'-separated folders) or from the test executable's folder.
 * Tests never link the API: they call it through pointers resolved here.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_TESTS_IMPL_H
#define K32_TESTS_IMPL_H

#include <windows.h>

/* Wine's winnt.h has it; mingw-w64's does not */
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* "system" or "ours" */
const char *impl_name(void);
BOOL impl_is_ours(void);

/* A Toolhelp32 function (kernel32.dll or our kernel32_k32.dll). */
FARPROC impl_toolhelp_proc(const char *name);
/* A PSAPI function by its psapi.dll name (EnumProcesses, ...). */
FARPROC impl_psapi_proc(const char *name);

/* Wine style: `static BOOL (WINAPI *pProcess32First)(HANDLE, PROCESSENTRY32 *);`
 * then IMPL_TOOLHELP(Process32First) in the test's init function. */
#define IMPL_TOOLHELP(name) (p##name = (void *)impl_toolhelp_proc(#name))
#define IMPL_PSAPI(name) (p##name = (void *)impl_psapi_proc(#name))

/* The psapi.dll module in use, and the folder of our DLLs ("" for system). */
HMODULE impl_psapi_module(void);

#endif /* K32_TESTS_IMPL_H */
