/*
 * A child process for the cross-process tests (see child.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>

#include "wine/test.h"
#include "child.h"

void child_sleep(char **argv)
{
    HANDLE ready = (HANDLE)(ULONG_PTR)strtoul(argv[3], NULL, 0);
    HANDLE done = (HANDLE)(ULONG_PTR)strtoul(argv[4], NULL, 0);
    DWORD ret;

    ok(SetEvent(ready), "SetEvent failed: %lu\n", GetLastError());
    ret = WaitForSingleObject(done, 60000);
    ok(ret == WAIT_OBJECT_0, "WaitForSingleObject returned %lu\n", ret);
    CloseHandle(ready);
    CloseHandle(done);
}

BOOL start_child(struct child *child, const char *test)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si = { sizeof(si) };
    char path[MAX_PATH], cmdline[MAX_PATH + 64];
    DWORD ret;

    memset(child, 0, sizeof(*child));
    GetModuleFileNameA(NULL, path, sizeof(path));
    child->ready = CreateEventA(&sa, TRUE, FALSE, NULL);
    child->done = CreateEventA(&sa, TRUE, FALSE, NULL);
    ok(child->ready && child->done, "CreateEvent failed: %lu\n", GetLastError());
    snprintf(cmdline, sizeof(cmdline), "\"%s\" %s sleep %lu %lu", path, test,
             (unsigned long)(ULONG_PTR)child->ready, (unsigned long)(ULONG_PTR)child->done);
    if (!CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &child->pi))
    {
        ok(0, "CreateProcess failed: %lu\n", GetLastError());
        CloseHandle(child->ready);
        CloseHandle(child->done);
        return FALSE;
    }
    ret = WaitForSingleObject(child->ready, 30000);
    ok(ret == WAIT_OBJECT_0, "child not ready: %lu\n", ret);
    return TRUE;
}

void stop_child(struct child *child)
{
    SetEvent(child->done);
    wait_child_process(child->pi.hProcess);
    CloseHandle(child->pi.hProcess);
    CloseHandle(child->pi.hThread);
    CloseHandle(child->ready);
    CloseHandle(child->done);
}
