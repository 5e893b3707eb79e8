/*
 * OS-free string rules shared by the A and W entry points: how a counted
 * UTF-16 name is copied into a fixed-size field, and how a W result becomes
 * an A one (the code page conversion itself is a callback: the NT layer uses
 * the ANSI code page, unit tests a fake).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_CORE_TEXT_H
#define K32_CORE_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Copies src[0, src_chars) into dst[0, dst_chars), stopping at an embedded
 * NUL, truncating to dst_chars - 1 and always NUL-terminating (dst_chars > 0).
 * Returns the characters copied, without the NUL. */
size_t text_copy_w(uint16_t *dst, size_t dst_chars, const uint16_t *src, size_t src_chars);

/* The part of a path after its last backslash (or the whole string). */
const uint16_t *text_base_name_w(const uint16_t *path, size_t chars, size_t *base_chars);

/* Converts src[0, src_chars) into at most dst_size bytes of dst and returns
 * the bytes written; it never splits a character. */
typedef size_t (*text_narrow_fn)(char *dst, size_t dst_size, const uint16_t *src, size_t src_chars);

/* A NUL-terminated W string into a NUL-terminated A field of dst_size bytes
 * (dst_size > 0): truncated to what fits before the NUL. Returns bytes without NUL. */
size_t text_narrow_field(char *dst, size_t dst_size, const uint16_t *src, text_narrow_fn narrow);

size_t text_len_w(const uint16_t *str, size_t max_chars);

#endif /* K32_CORE_TEXT_H */
