/*
 * The WOW64 file system redirector's path rule (see wow64path.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "wow64path.h"

static uint16_t fold(uint16_t c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* Whether path[0, chars) starts with prefix (ASCII case folded) followed by
 * a backslash or the end of the path. */
static int has_folder(const uint16_t *path, size_t chars, const uint16_t *prefix, size_t prefix_chars)
{
    size_t i;

    if (chars < prefix_chars) return 0;
    for (i = 0; i < prefix_chars; i++)
        if (fold(path[i]) != fold(prefix[i])) return 0;
    return chars == prefix_chars || path[prefix_chars] == '\\';
}

/* "Certain subdirectories are exempt from redirection" (File System
 * Redirector page): relative to the system folder. */
static int exempt(const uint16_t *rest, size_t chars)
{
    static const char *const folders[] =
    {
        "catroot", "catroot2", "driverstore", "drivers\\etc", "logfiles", "spool",
    };
    uint16_t name[16];
    size_t i, j, len;

    for (i = 0; i < sizeof(folders) / sizeof(folders[0]); i++)
    {
        len = strlen(folders[i]);
        for (j = 0; j < len; j++) name[j] = (uint16_t)folders[i][j];
        if (has_folder(rest, chars, name, len)) return 1;
    }
    return 0;
}

int wow64_redirect_path(uint16_t *path, size_t *chars, size_t capacity,
                        const uint16_t *sysdir, size_t sysdir_chars,
                        const uint16_t *wowdir, size_t wowdir_chars)
{
    size_t len = *chars, rest;

    if (!sysdir_chars || !wowdir_chars || !has_folder(path, len, sysdir, sysdir_chars)) return 0;
    rest = len - sysdir_chars;
    if (rest > 1 && exempt(path + sysdir_chars + 1, rest - 1)) return 0;
    if (wowdir_chars + rest >= capacity) return 0;
    memmove(path + wowdir_chars, path + sysdir_chars, rest * sizeof(uint16_t));
    memcpy(path, wowdir, wowdir_chars * sizeof(uint16_t));
    path[wowdir_chars + rest] = 0;
    *chars = wowdir_chars + rest;
    return 1;
}
