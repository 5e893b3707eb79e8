/*
 * Strings between UTF-16 and the ANSI code page, in the NT layer (see nt.h):
 * the one narrowing (nt_narrow, the text_narrow_fn of every A result: names
 * and snapshot fields), its inverse, and a name into a caller's A or W
 * buffer by the rules of core/devpath.h.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "nt.h"
#include "core/devpath.h"

size_t nt_narrow(char *dst, size_t dst_size, const uint16_t *src, size_t src_chars)
{
    ULONG written = 0;

    if (dst_size > MAXLONG) dst_size = MAXLONG;
    if (src_chars > MAXLONG / sizeof(WCHAR)) src_chars = MAXLONG / sizeof(WCHAR);
    /* the conversion stops where the output is full, without splitting a character */
    RtlUnicodeToMultiByteN(dst, (ULONG)dst_size, &written, (const WCHAR *)src,
                           (ULONG)(src_chars * sizeof(WCHAR)));
    return written;
}

NTSTATUS nt_put_name(void *dst, DWORD size, BOOL ansi, const WCHAR *name, size_t chars,
                     int fit, DWORD *written, BOOL *short_buffer)
{
    int is_short;

    if (ansi)
    {
        char *scratch = NULL;

        if (size && !(scratch = nt_alloc(name_scratch_size(size, chars)))) return STATUS_NO_MEMORY;
        *written = (DWORD)name_out_a(dst, size, name, chars, fit, &is_short, scratch, nt_narrow);
        nt_free(scratch);
    }
    else *written = (DWORD)name_out_w(dst, size, name, chars, fit, &is_short);
    *short_buffer = is_short;
    return STATUS_SUCCESS;
}

size_t nt_widen(WCHAR *dst, size_t dst_chars, const char *src, size_t src_size)
{
    ULONG written = 0;

    if (dst_chars > MAXLONG / sizeof(WCHAR)) dst_chars = MAXLONG / sizeof(WCHAR);
    if (src_size > MAXLONG) src_size = MAXLONG;
    RtlMultiByteToUnicodeN(dst, (ULONG)(dst_chars * sizeof(WCHAR)), &written, src, (ULONG)src_size);
    return written / sizeof(WCHAR);
}
