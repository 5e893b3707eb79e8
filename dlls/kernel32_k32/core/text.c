/*
 * OS-free string rules (see text.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "core/text.h"

size_t text_len_w(const uint16_t *str, size_t max_chars)
{
    size_t len = 0;
    while (len < max_chars && str[len]) len++;
    return len;
}

size_t text_copy_w(uint16_t *dst, size_t dst_chars, const uint16_t *src, size_t src_chars)
{
    size_t len = src ? text_len_w(src, src_chars) : 0;

    if (!dst_chars) return 0;
    if (len > dst_chars - 1) len = dst_chars - 1;
    for (size_t i = 0; i < len; i++) dst[i] = src[i];
    dst[len] = 0;
    return len;
}

const uint16_t *text_base_name_w(const uint16_t *path, size_t chars, size_t *base_chars)
{
    size_t start = 0;

    for (size_t i = 0; i < chars; i++)
        if (path[i] == '\\' || path[i] == '/') start = i + 1;
    *base_chars = chars - start;
    return path + start;
}

size_t text_narrow_field(char *dst, size_t dst_size, const uint16_t *src, text_narrow_fn narrow)
{
    size_t len;

    if (!dst_size) return 0;
    len = narrow(dst, dst_size - 1, src, text_len_w(src, (size_t)-1 / 2));
    if (len > dst_size - 1) len = dst_size - 1;
    dst[len] = 0;
    return len;
}
