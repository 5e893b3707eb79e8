/*
 * OS-free rule of the WOW64 file system redirector: a path that a 32-bit
 * process under WOW64 recorded (its loader list) names, in its own view,
 * the file in the 32-bit system folder when it lies in the system folder.
 * A 64-bit reader of that process presents the file the process really
 * loaded ("File System Redirector" page: %windir%\System32 is redirected
 * to %windir%\SysWOW64, except for a few subfolders).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_CORE_WOW64PATH_H
#define K32_CORE_WOW64PATH_H

#include <stddef.h>
#include <stdint.h>

/* path[0, *chars) in a buffer of capacity characters: when it lies in
 * sysdir (compared without case) and not in an exempt subfolder, sysdir is
 * replaced by wowdir in place, the result NUL-terminated and *chars updated.
 * Returns 1 when the path changed, 0 when not (a result that would not fit
 * in capacity - 1 characters leaves the path as it was). */
int wow64_redirect_path(uint16_t *path, size_t *chars, size_t capacity,
                        const uint16_t *sysdir, size_t sysdir_chars,
                        const uint16_t *wowdir, size_t wowdir_chars);

#endif /* K32_CORE_WOW64PATH_H */
