/*
 * psapi.dll - Process Status API forwarders
 *
 * Every export of this DLL is a forwarder to kernel32_k32.dll (see psapi.def);
 * this file only gives the DLL its entry point.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH) DisableThreadLibraryCalls(instance);
    return TRUE;
}
