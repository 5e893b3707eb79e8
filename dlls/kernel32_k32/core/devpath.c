/*
 * OS-free path forms and name output rules (see devpath.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "core/devpath.h"
#include "core/ntrecords.h"

/* One character of an unaligned UTF-16 string. */
static uint16_t char_at(const void *str, size_t index)
{
    uint16_t c;

    memcpy(&c, (const unsigned char *)str + index * 2, sizeof(c));
    return c;
}

static uint16_t upper(uint16_t c)
{
    return c >= 'a' && c <= 'z' ? (uint16_t)(c - 'a' + 'A') : c;
}

/* Whether str[offset, offset + len(ascii)) equals the ASCII text, ignoring case. */
static int match(const void *str, size_t chars, size_t offset, const char *ascii)
{
    size_t len = strlen(ascii);

    if (offset > chars || chars - offset < len) return 0;
    for (size_t i = 0; i < len; i++)
        if (upper(char_at(str, offset + i)) != upper((unsigned char)ascii[i])) return 0;
    return 1;
}

/* The end of the path component starting at offset (its next backslash or the end). */
static size_t component_end(const void *str, size_t chars, size_t offset)
{
    while (offset < chars && char_at(str, offset) != '\\') offset++;
    return offset;
}

static int is_letter(uint16_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int devpath_count(const void *str, size_t bytes, size_t *chars)
{
    size_t len = 0;

    *chars = 0;
    if (bytes % 2) return CORE_CORRUPT;
    if (!str) return bytes ? CORE_CORRUPT : CORE_OK;
    while (len < bytes / 2 && char_at(str, len)) len++;
    *chars = len;
    return CORE_OK;
}

/* The link component starts at offset (just after "\??\" or "\\?\"). */
static void parse_link(const void *path, struct devpath *p, size_t offset)
{
    size_t end = component_end(path, p->chars, offset);

    /* "\??\GLOBALROOT\Device\x" names the NT path "\Device\x" */
    if (end - offset == 10 && match(path, p->chars, offset, "GLOBALROOT"))
    {
        p->form = end < p->chars ? DEVPATH_NT : DEVPATH_OTHER;
        p->rest_offset = end < p->chars ? end : 0;
        p->rest_chars = p->chars - p->rest_offset;
        return;
    }
    if (end == offset)
    {
        p->form = DEVPATH_OTHER;    /* "\??\" with no link name */
        return;
    }
    p->form = DEVPATH_LINK;
    p->link_offset = offset;
    p->link_chars = end - offset;
    p->rest_offset = end;
    p->rest_chars = p->chars - end;
    if (p->link_chars == 2 && is_letter(char_at(path, offset)) && char_at(path, offset + 1) == ':')
        p->drive = upper(char_at(path, offset));
    else if (p->link_chars == 3 && match(path, p->chars, offset, "UNC"))
        p->unc = 1;
}

int devpath_parse(const void *path, size_t bytes, struct devpath *p)
{
    size_t chars;
    int ret;

    memset(p, 0, sizeof(*p));
    if ((ret = devpath_count(path, bytes, &chars)) != CORE_OK) return ret;
    p->chars = chars;
    p->form = DEVPATH_OTHER;
    p->rest_chars = chars;
    if (!chars) return CORE_OK;

    if (match(path, chars, 0, "\\??\\")) parse_link(path, p, 4);
    else if (match(path, chars, 0, "\\DosDevices\\")) parse_link(path, p, 12);
    else if (match(path, chars, 0, "\\GLOBAL??\\")) parse_link(path, p, 10);
    else if (match(path, chars, 0, "\\\\?\\") || match(path, chars, 0, "\\\\.\\")) parse_link(path, p, 4);
    else if (match(path, chars, 0, "\\\\"))
    {
        /* "\\server\share\x": through the UNC link, the rest keeps one backslash */
        if (chars > 2 && char_at(path, 2) != '\\')
        {
            p->form = DEVPATH_LINK;
            p->unc = 1;
            p->rest_offset = 1;
            p->rest_chars = chars - 1;
        }
    }
    else if (char_at(path, 0) == '\\') p->form = DEVPATH_NT;
    else if (chars >= 2 && is_letter(char_at(path, 0)) && char_at(path, 1) == ':'
             && (chars == 2 || char_at(path, 2) == '\\'))
    {
        p->form = DEVPATH_LINK;
        p->drive = upper(char_at(path, 0));
        p->link_offset = 0;
        p->link_chars = 2;
        p->rest_offset = 2;
        p->rest_chars = chars - 2;
    }
    return CORE_OK;
}

/* ------------------------------------------------------------------ output */

struct out
{
    uint16_t *dst;
    size_t    size;     /* characters dst holds, NUL included */
    size_t    len;      /* characters the result takes */
};

static void put(struct out *o, uint16_t c)
{
    if (o->len + 1 < o->size) o->dst[o->len] = c;
    o->len++;
}

static void put_ascii(struct out *o, const char *ascii)
{
    while (*ascii) put(o, (unsigned char)*ascii++);
}

static void put_str(struct out *o, const void *str, size_t offset, size_t chars)
{
    for (size_t i = 0; i < chars; i++) put(o, char_at(str, offset + i));
}

static size_t finish(struct out *o)
{
    if (o->size) o->dst[o->len < o->size ? o->len : o->size - 1] = 0;
    return o->len;
}

static void put_link(struct out *o, const void *path, const struct devpath *p)
{
    if (p->drive)
    {
        put(o, (uint16_t)p->drive);
        put(o, ':');
    }
    else if (p->unc) put_ascii(o, "UNC");
    else put_str(o, path, p->link_offset, p->link_chars);
}

size_t devpath_link_name(uint16_t *dst, size_t dst_chars, const void *path, const struct devpath *p)
{
    struct out o = { dst, dst_chars, 0 };

    if (p->form == DEVPATH_LINK)
    {
        put_ascii(&o, "\\??\\");
        put_link(&o, path, p);
    }
    return finish(&o);
}

size_t devpath_join(uint16_t *dst, size_t dst_chars, const void *target, size_t target_chars,
                    const void *path, const struct devpath *p)
{
    struct out o = { dst, dst_chars, 0 };
    size_t rest = p->rest_offset, rest_chars = p->rest_chars;

    if (p->form != DEVPATH_LINK)
    {
        put_str(&o, path, p->rest_offset, p->rest_chars);
        return finish(&o);
    }
    /* one backslash where the target ends and the rest begins */
    while (target_chars && char_at(target, target_chars - 1) == '\\' && rest_chars
           && char_at(path, rest) == '\\')
        target_chars--;
    put_str(&o, target, 0, target_chars);
    if (target_chars && rest_chars && char_at(path, rest) != '\\') put(&o, '\\');
    put_str(&o, path, rest, rest_chars);
    return finish(&o);
}

size_t devpath_dos(uint16_t *dst, size_t dst_chars, const void *path, const struct devpath *p)
{
    struct out o = { dst, dst_chars, 0 };

    if (p->form != DEVPATH_LINK) put_str(&o, path, p->rest_offset, p->rest_chars);
    else if (p->drive)
    {
        put_link(&o, path, p);
        put_str(&o, path, p->rest_offset, p->rest_chars);
    }
    else if (p->unc)
    {
        /* the rest is "\server\share\x" */
        put(&o, '\\');
        put_str(&o, path, p->rest_offset, p->rest_chars);
    }
    else
    {
        put_ascii(&o, "\\\\?\\");
        put_link(&o, path, p);
        put_str(&o, path, p->rest_offset, p->rest_chars);
    }
    return finish(&o);
}

/* ------------------------------------------------------------------ name output */

size_t name_out_w(uint16_t *dst, size_t dst_chars, const uint16_t *name, size_t chars,
                  enum name_fit fit, int *short_buffer)
{
    chars = name ? text_len_w(name, chars) : 0;
    *short_buffer = chars >= dst_chars;
    if (!dst_chars || (*short_buffer && fit == NAME_WHOLE)) return 0;
    if (*short_buffer && fit == NAME_CLIP)
    {
        memcpy(dst, name, dst_chars * sizeof(*dst));
        return dst_chars;
    }
    chars = text_copy_w(dst, dst_chars, name, chars);
    return *short_buffer && fit == NAME_TRUNCATE_SIZE ? chars + 1 : chars;
}

/* A UTF-16 unit takes at most 3 bytes in any ANSI code page (UTF-8
 * included; a surrogate pair takes 4), and one character at most 4: so
 * converting up to SCRATCH_EXTRA bytes more than the caller's room tells
 * whether the whole name fits, and no name needs more than 4 bytes a unit. */
#define SCRATCH_EXTRA 8

static size_t out_limit(size_t dst_size, size_t chars)
{
    size_t limit = dst_size - 1;

    if (chars < (SIZE_MAX - SCRATCH_EXTRA) / 4 && limit > chars * 4) limit = chars * 4;
    return limit;
}

size_t name_scratch_size(size_t dst_size, size_t chars)
{
    return dst_size ? out_limit(dst_size, chars) + SCRATCH_EXTRA : 0;
}

size_t name_out_a(char *dst, size_t dst_size, const uint16_t *name, size_t chars,
                  enum name_fit fit, int *short_buffer, char *scratch, text_narrow_fn narrow)
{
    size_t limit, len;

    chars = name ? text_len_w(name, chars) : 0;
    *short_buffer = 1;
    if (!dst_size) return 0;
    limit = out_limit(dst_size, chars);
    len = narrow(scratch, limit + SCRATCH_EXTRA, name, chars);
    if (len <= limit)
    {
        *short_buffer = 0;
        memcpy(dst, scratch, len);
        dst[len] = 0;
        return len;
    }
    if (fit == NAME_WHOLE) return 0;
    if (fit == NAME_CLIP)
    {
        len = narrow(dst, dst_size, name, chars);
        return len > dst_size ? dst_size : len;
    }
    len = narrow(dst, limit, name, chars);
    if (len > limit) len = limit;
    dst[len] = 0;
    return fit == NAME_TRUNCATE_SIZE ? len + 1 : len;
}
