/*
 * The implementation under test (see impl.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wine/test.h"
#include "impl.h"

static int impl_ours = -1;
static HMODULE toolhelp_module, psapi_module;

BOOL impl_is_ours(void)
{
    if (impl_ours < 0)
    {
        const char *impl = getenv("K32_IMPL");
        impl_ours = !impl || !*impl || !strcmp(impl, "ours");
        if (impl && *impl && strcmp(impl, "ours") && strcmp(impl, "system"))
        {
            printf("impl.c: K32_IMPL=%s is neither 'ours' nor 'system'\n", impl);
            exit(2);
        }
    }
    return impl_ours;
}

const char *impl_name(void)
{
    return impl_is_ours() ? "ours" : "system";
}

/* Loads one of our DLLs by full path from K32_DLLPATH or the exe's folder. */
static HMODULE load_ours(const char *dll)
{
    char path[MAX_PATH * 4], dirs[MAX_PATH * 4], *dir, *next;
    const char *env = getenv("K32_DLLPATH");
    HMODULE module;

    if (env && *env) snprintf(dirs, sizeof(dirs), "%s", env);
    else
    {
        char *slash;
        GetModuleFileNameA(NULL, dirs, sizeof(dirs));
        if ((slash = strrchr(dirs, '\\'))) *slash = 0;
    }
    for (dir = dirs; dir; dir = next)
    {
        if ((next = strchr(dir, ';'))) *next++ = 0;
        snprintf(path, sizeof(path), "%s\\%s", dir, dll);
        if (GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES) continue;
        module = LoadLibraryExA(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
        if (!module)
        {
            printf("impl.c: cannot load %s: error %lu\n", path, GetLastError());
            exit(2);
        }
        /* under Wine a builtin may stand in for a path load: refuse to test it */
        GetModuleFileNameA(module, dirs, sizeof(dirs));
        if (_stricmp(dirs, path))
        {
            printf("impl.c: asked for %s, got %s\n", path, dirs);
            exit(2);
        }
        return module;
    }
    printf("impl.c: %s not found (K32_DLLPATH=%s)\n", dll, env ? env : "");
    exit(2);
}

static void load_modules(void)
{
    if (toolhelp_module) return;
    if (impl_is_ours())
    {
        toolhelp_module = load_ours("kernel32_k32.dll");
        psapi_module = load_ours("psapi.dll");
    }
    else
    {
        toolhelp_module = GetModuleHandleA("kernel32.dll");
        psapi_module = LoadLibraryA("psapi.dll");
    }
}

/* Ours exports every function: a missing one is a failure, never a reason
 * for the test's win_skip (which the platform's own may have). */
static FARPROC impl_proc(HMODULE module, const char *dll, const char *name)
{
    FARPROC proc = module ? GetProcAddress(module, name) : NULL;

    if (impl_is_ours()) ok(proc != NULL, "our %s does not export %s\n", dll, name);
    return proc;
}

FARPROC impl_toolhelp_proc(const char *name)
{
    load_modules();
    return impl_proc(toolhelp_module, "kernel32_k32.dll", name);
}

FARPROC impl_psapi_proc(const char *name)
{
    load_modules();
    return impl_proc(psapi_module, "psapi.dll", name);
}

HMODULE impl_psapi_module(void)
{
    load_modules();
    return psapi_module;
}
