/*
 * k32demo.c - the example program: lists processes with PSAPI
 * (EnumProcesses, GetModuleBaseName) and Toolhelp32, then prints, for each
 * of its PSAPI and Toolhelp32 imports, the DLL that serves it, read from its
 * own import address table: a run shows whose implementation answered.
 *
 * Built by examples/CMakeLists.txt, examples/configure.ac + Makefile.am and
 * examples/pkg-config.mk, each with the default PSAPI_VERSION (k32demo.exe)
 * and with PSAPI_VERSION=1 (k32demo-v1.exe, which imports psapi.dll).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <windows.h>
#include <psapi.h>
#include <tlhelp32.h>
#include <stdio.h>
#include <string.h>

/* an import of interest: anything from psapi.dll or kernel32_k32.dll, and
 * the K32* and Toolhelp32 names from any DLL (kernel32.dll's copies too) */
static int interesting(const char *dll, const char *name)
{
    static const char *const toolhelp[] =
    {
        "CreateToolhelp32Snapshot", "Toolhelp32ReadProcessMemory", "Heap32ListFirst",
        "Heap32ListNext", "Heap32First", "Heap32Next", "Process32First", "Process32FirstW",
        "Process32Next", "Process32NextW", "Thread32First", "Thread32Next",
        "Module32First", "Module32FirstW", "Module32Next", "Module32NextW",
    };
    size_t i;

    if (!_stricmp(dll, "psapi.dll") || !_stricmp(dll, "kernel32_k32.dll")) return 1;
    if (!strncmp(name, "K32", 3)) return 1;
    for (i = 0; i < sizeof(toolhelp) / sizeof(toolhelp[0]); i++)
        if (!strcmp(name, toolhelp[i])) return 1;
    return 0;
}

/* prints "import DLL!NAME -> PATH" for each import of interest, PATH being
 * the file of the module that holds the address the loader bound it to
 * (a forwarder, such as psapi.EnumProcesses, shows where it led) */
static int print_imports(void)
{
    BYTE *base = (BYTE *)GetModuleHandleA(NULL);
    IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)(base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    IMAGE_DATA_DIRECTORY *dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    IMAGE_IMPORT_DESCRIPTOR *desc;
    int count = 0;

    if (!dir->VirtualAddress) return 0;
    for (desc = (IMAGE_IMPORT_DESCRIPTOR *)(base + dir->VirtualAddress); desc->Name; desc++)
    {
        const char *dll = (const char *)(base + desc->Name);
        DWORD lookup = desc->OriginalFirstThunk ? desc->OriginalFirstThunk : desc->FirstThunk;
        IMAGE_THUNK_DATA *names = (IMAGE_THUNK_DATA *)(base + lookup);
        IMAGE_THUNK_DATA *bound = (IMAGE_THUNK_DATA *)(base + desc->FirstThunk);

        for (; names->u1.AddressOfData; names++, bound++)
        {
            const char *name;
            char path[MAX_PATH];
            HMODULE module;

            if (IMAGE_SNAP_BY_ORDINAL(names->u1.Ordinal)) continue;
            name = (const char *)((IMAGE_IMPORT_BY_NAME *)(base + names->u1.AddressOfData))->Name;
            if (!interesting(dll, name)) continue;
            count++;
            if (GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                                   GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                                   (LPCSTR)(ULONG_PTR)bound->u1.Function, &module) &&
                GetModuleFileNameA(module, path, sizeof(path)))
                printf("import %s!%s -> %s\n", dll, name, path);
            else
                printf("import %s!%s -> no module (error %lu)\n", dll, name, GetLastError());
        }
    }
    return count;
}

int main(void)
{
    static DWORD pids[8192];
    DWORD self = GetCurrentProcessId(), bytes, i, listed = 0;
    BOOL psapi_found = FALSE, toolhelp_found = FALSE;
    char name[MAX_PATH] = "";
    PROCESSENTRY32 entry;
    HANDLE snap;

    printf("k32demo: %d-bit, PSAPI_VERSION %d\n", (int)sizeof(void *) * 8, PSAPI_VERSION);

    if (!EnumProcesses(pids, sizeof(pids), &bytes))
    {
        printf("EnumProcesses failed: error %lu\n", GetLastError());
        return 1;
    }
    for (i = 0; i < bytes / sizeof(DWORD); i++)
        if (pids[i] == self) psapi_found = TRUE;
    if (!GetModuleBaseNameA(GetCurrentProcess(), NULL, name, sizeof(name)))
        printf("GetModuleBaseName failed: error %lu\n", GetLastError());
    printf("EnumProcesses: %lu processes, this one (%lu, %s) %s\n", bytes / (DWORD)sizeof(DWORD),
           self, name, psapi_found ? "among them" : "MISSING");

    snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snap == INVALID_HANDLE_VALUE)
    {
        printf("CreateToolhelp32Snapshot failed: error %lu\n", GetLastError());
        return 1;
    }
    entry.dwSize = sizeof(entry);
    for (BOOL more = Process32First(snap, &entry); more; more = Process32Next(snap, &entry))
    {
        listed++;
        if (entry.th32ProcessID == self) toolhelp_found = TRUE;
    }
    CloseHandle(snap);
    printf("Toolhelp32: %lu processes, this one %s\n", listed, toolhelp_found ? "among them" : "MISSING");

    if (!print_imports()) printf("no PSAPI or Toolhelp32 import found\n");
    return psapi_found && toolhelp_found && name[0] ? 0 : 1;
}
