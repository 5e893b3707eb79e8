/*
 * Unit tests of the path forms and name output rules (core/devpath) and of
 * the system-wide NT record readers (core/sysinfo).
 *
 * Strings are UTF-16 without a terminating NUL, in heap blocks of exactly
 * their size (and at odd addresses where alignment matters), so that
 * AddressSanitizer reports any read past them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>

#include "core/devpath.h"
#include "core/sysinfo.h"
#include "unit.h"

/* An ASCII string as UTF-16 without NUL, in a block of exactly its size
 * (shifted by one byte when odd is set: unaligned). */
struct wstr
{
    unsigned char *block;
    void *str;
    size_t bytes;
};

static struct wstr wstr_new(const char *ascii, int odd)
{
    struct wstr w;
    size_t len = strlen(ascii);

    w.bytes = len * 2;
    w.block = unit_alloc(w.bytes + (odd ? 1 : 0), 0);
    w.str = w.block + (odd ? 1 : 0);
    for (size_t i = 0; i < len; i++)
    {
        uint16_t c = (unsigned char)ascii[i];
        memcpy((unsigned char *)w.str + i * 2, &c, 2);
    }
    return w;
}

static void wstr_free(struct wstr *w)
{
    free(w->block);
}

/* dst[0, chars) as ASCII (asserting it is ASCII). */
static char *ascii_of(const uint16_t *dst, size_t chars)
{
    char *out = malloc(chars + 1);

    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; i < chars; i++)
    {
        ck_assert_uint_lt(dst[i], 128);
        out[i] = (char)dst[i];
    }
    out[chars] = 0;
    return out;
}

static void assert_part(const struct wstr *w, size_t offset, size_t chars, const char *expected)
{
    uint16_t *copy = unit_alloc(chars * 2 + 2, 0);
    char *got;

    memcpy(copy, (unsigned char *)w->str + offset * 2, chars * 2);
    got = ascii_of(copy, chars);
    ck_assert_str_eq(got, expected);
    free(got);
    free(copy);
}

/* ------------------------------------------------------------------ parse */

static const struct form_case
{
    const char *path;
    enum devpath_form form;
    const char *link;       /* DEVPATH_LINK */
    const char *rest;
    int drive, unc;
} form_cases[] =
{
    { "\\Device\\HarddiskVolume1\\x\\y.exe", DEVPATH_NT, NULL, "\\Device\\HarddiskVolume1\\x\\y.exe", 0, 0 },
    { "\\SystemRoot\\system32\\ntoskrnl.exe", DEVPATH_NT, NULL, "\\SystemRoot\\system32\\ntoskrnl.exe", 0, 0 },
    { "\\", DEVPATH_NT, NULL, "\\", 0, 0 },
    { "\\??\\C:\\x\\y", DEVPATH_LINK, "C:", "\\x\\y", 'C', 0 },
    { "\\??\\z:\\tmp", DEVPATH_LINK, "z:", "\\tmp", 'Z', 0 },
    { "\\??\\C:", DEVPATH_LINK, "C:", "", 'C', 0 },
    { "\\??\\C:\\", DEVPATH_LINK, "C:", "\\", 'C', 0 },
    { "\\??\\C", DEVPATH_LINK, "C", "", 0, 0 },
    { "\\??\\CC:\\x", DEVPATH_LINK, "CC:", "\\x", 0, 0 },
    { "\\??\\1:\\x", DEVPATH_LINK, "1:", "\\x", 0, 0 },
    { "\\??\\UNC\\srv\\share\\f", DEVPATH_LINK, "UNC", "\\srv\\share\\f", 0, 1 },
    { "\\??\\unc\\srv\\share", DEVPATH_LINK, "unc", "\\srv\\share", 0, 1 },
    { "\\??\\UNCX\\srv", DEVPATH_LINK, "UNCX", "\\srv", 0, 0 },
    { "\\??\\Volume{1234-5678}\\f", DEVPATH_LINK, "Volume{1234-5678}", "\\f", 0, 0 },
    { "\\??\\GLOBALROOT\\Device\\X\\f", DEVPATH_NT, NULL, "\\Device\\X\\f", 0, 0 },
    { "\\??\\globalroot\\Device", DEVPATH_NT, NULL, "\\Device", 0, 0 },
    { "\\??\\GLOBALROOT", DEVPATH_OTHER, NULL, "\\??\\GLOBALROOT", 0, 0 },
    { "\\??\\GLOBALROOTX\\a", DEVPATH_LINK, "GLOBALROOTX", "\\a", 0, 0 },
    { "\\??\\", DEVPATH_OTHER, NULL, "\\??\\", 0, 0 },
    { "\\??\\\\x", DEVPATH_OTHER, NULL, "\\??\\\\x", 0, 0 },
    { "\\DosDevices\\D:\\f", DEVPATH_LINK, "D:", "\\f", 'D', 0 },
    { "\\dosdevices\\d:", DEVPATH_LINK, "d:", "", 'D', 0 },
    { "\\GLOBAL??\\E:\\f", DEVPATH_LINK, "E:", "\\f", 'E', 0 },
    { "\\\\?\\C:\\f", DEVPATH_LINK, "C:", "\\f", 'C', 0 },
    { "\\\\.\\C:\\f", DEVPATH_LINK, "C:", "\\f", 'C', 0 },
    { "\\\\?\\UNC\\s\\h", DEVPATH_LINK, "UNC", "\\s\\h", 0, 1 },
    { "\\\\?\\GLOBALROOT\\Device\\Y", DEVPATH_NT, NULL, "\\Device\\Y", 0, 0 },
    { "\\\\srv\\share\\f", DEVPATH_LINK, "", "\\srv\\share\\f", 0, 1 },
    { "\\\\s", DEVPATH_LINK, "", "\\s", 0, 1 },
    { "\\\\", DEVPATH_OTHER, NULL, "\\\\", 0, 0 },
    { "\\\\\\x", DEVPATH_OTHER, NULL, "\\\\\\x", 0, 0 },
    { "C:\\x\\y", DEVPATH_LINK, "C:", "\\x\\y", 'C', 0 },
    { "c:", DEVPATH_LINK, "c:", "", 'C', 0 },
    { "C:x", DEVPATH_OTHER, NULL, "C:x", 0, 0 },
    { "1:\\x", DEVPATH_OTHER, NULL, "1:\\x", 0, 0 },
    { ":\\x", DEVPATH_OTHER, NULL, ":\\x", 0, 0 },
    { "x", DEVPATH_OTHER, NULL, "x", 0, 0 },
    { "relative\\path", DEVPATH_OTHER, NULL, "relative\\path", 0, 0 },
    { "", DEVPATH_OTHER, NULL, "", 0, 0 },
};

START_TEST(test_parse_forms)
{
    const struct form_case *t = &form_cases[_i];

    for (int odd = 0; odd < 2; odd++)
    {
        struct wstr w = wstr_new(t->path, odd);
        struct devpath p;

        ck_assert_int_eq(devpath_parse(w.str, w.bytes, &p), CORE_OK);
        ck_assert_msg(p.form == t->form, "%s: form %d, expected %d", t->path, p.form, t->form);
        ck_assert_uint_eq(p.chars, strlen(t->path));
        ck_assert_int_eq(p.drive, t->drive);
        ck_assert_int_eq(p.unc, t->unc);
        ck_assert_uint_le(p.rest_offset + p.rest_chars, p.chars);
        assert_part(&w, p.rest_offset, p.rest_chars, t->rest);
        if (t->form == DEVPATH_LINK)
        {
            ck_assert_uint_le(p.link_offset + p.link_chars, p.chars);
            assert_part(&w, p.link_offset, p.link_chars, t->link);
        }
        wstr_free(&w);
    }
}
END_TEST

START_TEST(test_count)
{
    struct wstr w = wstr_new("ab\0", 1);
    uint16_t nul_inside[] = { 'a', 'b', 0, 'c' };
    size_t chars = 99;

    ck_assert_int_eq(devpath_count(w.str, w.bytes, &chars), CORE_OK);
    ck_assert_uint_eq(chars, 2);
    ck_assert_int_eq(devpath_count(w.str, 3, &chars), CORE_CORRUPT);
    ck_assert_int_eq(devpath_count(w.str, 1, &chars), CORE_CORRUPT);
    ck_assert_int_eq(devpath_count(w.str, 0, &chars), CORE_OK);
    ck_assert_uint_eq(chars, 0);
    ck_assert_int_eq(devpath_count(NULL, 0, &chars), CORE_OK);
    ck_assert_uint_eq(chars, 0);
    ck_assert_int_eq(devpath_count(NULL, 2, &chars), CORE_CORRUPT);
    ck_assert_int_eq(devpath_count(nul_inside, sizeof(nul_inside), &chars), CORE_OK);
    ck_assert_uint_eq(chars, 2);
    wstr_free(&w);
}
END_TEST

/* Odd byte lengths are corrupt; a length that cuts a path short parses what is there. */
START_TEST(test_parse_lengths)
{
    struct wstr w = wstr_new("\\??\\C:\\x", 1);
    struct devpath p;

    for (size_t bytes = 1; bytes <= w.bytes; bytes += 2)
        ck_assert_int_eq(devpath_parse(w.str, bytes, &p), CORE_CORRUPT);
    ck_assert_int_eq(devpath_parse(w.str, 0, &p), CORE_OK);
    ck_assert_int_eq(p.form, DEVPATH_OTHER);
    ck_assert_int_eq(devpath_parse(w.str, 4, &p), CORE_OK);       /* "\?" */
    ck_assert_int_eq(p.form, DEVPATH_NT);
    ck_assert_int_eq(devpath_parse(w.str, 8, &p), CORE_OK);       /* "\??\" */
    ck_assert_int_eq(p.form, DEVPATH_OTHER);
    ck_assert_int_eq(devpath_parse(w.str, 10, &p), CORE_OK);      /* "\??\C" */
    ck_assert_int_eq(p.form, DEVPATH_LINK);
    ck_assert_int_eq(p.drive, 0);
    ck_assert_int_eq(devpath_parse(w.str, 12, &p), CORE_OK);      /* "\??\C:" */
    ck_assert_int_eq(p.drive, 'C');
    ck_assert_uint_eq(p.rest_chars, 0);
    ck_assert_int_eq(devpath_parse(w.str, w.bytes, &p), CORE_OK);
    ck_assert_uint_eq(p.rest_chars, 2);
    ck_assert_int_eq(devpath_parse(NULL, 0, &p), CORE_OK);
    ck_assert_int_eq(devpath_parse(NULL, 4, &p), CORE_CORRUPT);
    wstr_free(&w);
}
END_TEST

/* A NUL ends the path, whatever the length says. */
START_TEST(test_parse_nul)
{
    uint16_t path[] = { '\\', '?', '?', '\\', 'C', ':', '\\', 'a', 0, 'b', 'c' };
    struct devpath p;

    ck_assert_int_eq(devpath_parse(path, sizeof(path), &p), CORE_OK);
    ck_assert_uint_eq(p.chars, 8);
    ck_assert_int_eq(p.drive, 'C');
    ck_assert_uint_eq(p.rest_chars, 2);
}
END_TEST

/* ------------------------------------------------------------------ output */

/* The result of a devpath output function, checked at every buffer size
 * from 0 to one past what it needs: snprintf rules, nothing past dst_chars. */
typedef size_t (*output_fn)(uint16_t *dst, size_t dst_chars, const void *arg1, const void *arg2);

struct out_args
{
    const struct wstr *path;
    const struct devpath *parsed;
    const struct wstr *target;
    int which;
};

static size_t do_output(uint16_t *dst, size_t dst_chars, const struct out_args *a)
{
    switch (a->which)
    {
    case 0:
        return devpath_join(dst, dst_chars, a->target ? a->target->str : NULL,
                            a->target ? a->target->bytes / 2 : 0, a->path->str, a->parsed);
    case 1:
        return devpath_dos(dst, dst_chars, a->path->str, a->parsed);
    default:
        return devpath_link_name(dst, dst_chars, a->path->str, a->parsed);
    }
}

static void check_output(const struct out_args *a, const char *expected)
{
    size_t len = strlen(expected), got;
    char *text;

    ck_assert_uint_eq(do_output(NULL, 0, a), len);
    for (size_t size = 0; size <= len + 1; size++)
    {
        uint16_t *dst = unit_alloc(size * 2 + 4, 0x5a);
        size_t written = size ? (len < size ? len : size - 1) : 0;

        got = do_output(dst, size, a);
        ck_assert_uint_eq(got, len);
        if (size)
        {
            ck_assert_uint_eq(dst[written], 0);
            text = ascii_of(dst, written);
            ck_assert_int_eq(strncmp(text, expected, written), 0);
            free(text);
        }
        /* nothing past the size given */
        for (size_t i = size * 2; i < size * 2 + 4; i++)
            ck_assert_uint_eq(((unsigned char *)dst)[i], 0x5a);
        free(dst);
    }
}

static const struct join_case
{
    const char *path, *target, *expected;
} join_cases[] =
{
    { "\\??\\C:\\x\\y.exe", "\\Device\\HarddiskVolume1", "\\Device\\HarddiskVolume1\\x\\y.exe" },
    { "\\??\\C:\\x", "\\Device\\HarddiskVolume1\\", "\\Device\\HarddiskVolume1\\x" },
    { "\\??\\C:\\x", "\\Device\\V\\\\", "\\Device\\V\\x" },
    { "\\??\\C:", "\\Device\\HarddiskVolume1", "\\Device\\HarddiskVolume1" },
    { "\\??\\C:\\", "\\Device\\HarddiskVolume1", "\\Device\\HarddiskVolume1\\" },
    { "C:\\x", "\\Device\\HarddiskVolume3", "\\Device\\HarddiskVolume3\\x" },
    { "\\??\\S:\\f", "\\??\\C:\\subst", "\\??\\C:\\subst\\f" },
    { "\\??\\UNC\\srv\\s\\f", "\\Device\\Mup", "\\Device\\Mup\\srv\\s\\f" },
    { "\\\\srv\\s\\f", "\\Device\\Mup", "\\Device\\Mup\\srv\\s\\f" },
    { "\\??\\C:\\x", "", "\\x" },
    { "\\??\\C:\\x", NULL, "\\x" },
    { "\\Device\\X\\f", "\\ignored", "\\Device\\X\\f" },
    { "\\??\\GLOBALROOT\\Device\\X\\f", "\\ignored", "\\Device\\X\\f" },
    { "relative", "\\ignored", "relative" },
    { "", "\\ignored", "" },
};

START_TEST(test_join)
{
    const struct join_case *t = &join_cases[_i];
    struct wstr path = wstr_new(t->path, 1), target = wstr_new(t->target ? t->target : "", 0);
    struct out_args a = { &path, NULL, t->target ? &target : NULL, 0 };
    struct devpath p;

    ck_assert_int_eq(devpath_parse(path.str, path.bytes, &p), CORE_OK);
    a.parsed = &p;
    check_output(&a, t->expected);
    wstr_free(&path);
    wstr_free(&target);
}
END_TEST

static const struct dos_case
{
    const char *path, *dos, *link;
} dos_cases[] =
{
    { "\\??\\C:\\pagefile.sys", "C:\\pagefile.sys", "\\??\\C:" },
    { "\\??\\c:\\x", "C:\\x", "\\??\\C:" },
    { "\\??\\D:", "D:", "\\??\\D:" },
    { "\\DosDevices\\E:\\f", "E:\\f", "\\??\\E:" },
    { "\\??\\UNC\\srv\\s\\f", "\\\\srv\\s\\f", "\\??\\UNC" },
    { "\\\\srv\\s\\f", "\\\\srv\\s\\f", "\\??\\UNC" },
    { "\\??\\Volume{12}\\f", "\\\\?\\Volume{12}\\f", "\\??\\Volume{12}" },
    { "C:\\x", "C:\\x", "\\??\\C:" },
    { "\\Device\\HarddiskVolume1\\pagefile.sys", "\\Device\\HarddiskVolume1\\pagefile.sys", "" },
    { "\\??\\GLOBALROOT\\Device\\X", "\\Device\\X", "" },
    { "rel", "rel", "" },
    { "", "", "" },
};

START_TEST(test_dos_and_link)
{
    const struct dos_case *t = &dos_cases[_i];
    struct wstr path = wstr_new(t->path, 1);
    struct out_args a = { &path, NULL, NULL, 1 };
    struct devpath p;

    ck_assert_int_eq(devpath_parse(path.str, path.bytes, &p), CORE_OK);
    a.parsed = &p;
    check_output(&a, t->dos);
    a.which = 2;
    check_output(&a, t->link);
    wstr_free(&path);
}
END_TEST

/* Paths far longer than MAX_PATH or UNICODE_STRING's 32767 characters. */
START_TEST(test_long_paths)
{
    static const size_t lengths[] = { 260, 32767, 40000, 1000000 };

    for (size_t n = 0; n < sizeof(lengths) / sizeof(lengths[0]); n++)
    {
        size_t len = lengths[n], out_len;
        char *ascii = malloc(len + 1), *expected = malloc(len + 32);
        struct wstr path, target = wstr_new("\\Device\\HarddiskVolume9", 0);
        struct devpath p;
        uint16_t *out;
        char *text;

        ck_assert_ptr_nonnull(ascii);
        ck_assert_ptr_nonnull(expected);
        memcpy(ascii, "\\??\\C:", 6);
        for (size_t i = 6; i < len; i++) ascii[i] = (i % 7) ? (char)('a' + i % 26) : '\\';
        ascii[6] = '\\';
        ascii[len] = 0;
        path = wstr_new(ascii, (int)(n & 1));
        ck_assert_int_eq(devpath_parse(path.str, path.bytes, &p), CORE_OK);
        ck_assert_int_eq(p.form, DEVPATH_LINK);
        ck_assert_uint_eq(p.chars, len);
        ck_assert_uint_eq(p.rest_chars, len - 6);
        snprintf(expected, len + 32, "\\Device\\HarddiskVolume9%s", ascii + 6);
        out_len = devpath_join(NULL, 0, target.str, target.bytes / 2, path.str, &p);
        ck_assert_uint_eq(out_len, strlen(expected));
        out = unit_alloc((out_len + 1) * 2, 0);
        ck_assert_uint_eq(devpath_join(out, out_len + 1, target.str, target.bytes / 2, path.str, &p), out_len);
        text = ascii_of(out, out_len);
        ck_assert_int_eq(strcmp(text, expected), 0);
        free(text);
        free(out);
        free(ascii);
        free(expected);
        wstr_free(&path);
        wstr_free(&target);
    }
}
END_TEST

/* ------------------------------------------------------------------ name output */

/* A fake ANSI code page: ASCII takes 1 byte, U+0100 to U+0FFF 2 bytes,
 * anything above 3 bytes; a character that does not fit whole is not written. */
static size_t fake_narrow(char *dst, size_t dst_size, const uint16_t *src, size_t src_chars)
{
    size_t out = 0;

    for (size_t i = 0; i < src_chars; i++)
    {
        size_t n = src[i] < 0x100 ? 1 : src[i] < 0x1000 ? 2 : 3;

        if (dst_size - out < n) break;
        for (size_t k = 0; k < n; k++) dst[out++] = (char)(k ? '#' : (src[i] < 0x100 ? src[i] : '*'));
    }
    return out;
}

START_TEST(test_name_out_w)
{
    uint16_t name[12], dst[16];
    size_t len = unit_widen(name, "C:\\file.sys"), ret;
    int short_buffer;

    for (size_t size = 0; size <= len + 2; size++)
    {
        for (int fit = NAME_TRUNCATE; fit <= NAME_CLIP; fit++)
        {
            memset(dst, 0x5a, sizeof(dst));
            ret = name_out_w(dst, size, name, len, fit, &short_buffer);
            ck_assert_int_eq(short_buffer, size <= len);
            if (size > len)
            {
                ck_assert_uint_eq(ret, len);
                ck_assert_int_eq(memcmp(dst, name, (len + 1) * 2), 0);
            }
            else if (fit == NAME_WHOLE || !size)
            {
                ck_assert_uint_eq(ret, 0);
                for (size_t i = 0; i < sizeof(dst); i++) ck_assert_uint_eq(((unsigned char *)dst)[i], 0x5a);
            }
            else if (fit == NAME_CLIP)
            {
                /* the first size characters, no room for the NUL */
                ck_assert_uint_eq(ret, size);
                ck_assert_int_eq(memcmp(dst, name, size * 2), 0);
            }
            else
            {
                /* size - 1 characters and the NUL; NAME_TRUNCATE_SIZE counts the NUL */
                ck_assert_uint_eq(ret, fit == NAME_TRUNCATE_SIZE ? size : size - 1);
                ck_assert_int_eq(memcmp(dst, name, (size - 1) * 2), 0);
                ck_assert_uint_eq(dst[size - 1], 0);
            }
            for (size_t i = size * 2; i < sizeof(dst); i++)
                if (size <= len || i >= (len + 1) * 2) ck_assert_uint_eq(((unsigned char *)dst)[i], 0x5a);
        }
    }
    /* a name with a NUL inside ends there; no name is an empty one */
    name[3] = 0;
    ck_assert_uint_eq(name_out_w(dst, 16, name, len, NAME_WHOLE, &short_buffer), 3);
    ck_assert_int_eq(short_buffer, 0);
    ck_assert_uint_eq(name_out_w(dst, 16, NULL, 5, NAME_WHOLE, &short_buffer), 0);
    ck_assert_int_eq(short_buffer, 0);
    ck_assert_uint_eq(dst[0], 0);
}
END_TEST

START_TEST(test_name_out_a)
{
    /* "ab" then a 2-byte and a 3-byte character: 7 bytes */
    uint16_t name[] = { 'a', 'b', 0x0123, 0x1234, 0 };
    static const char full[] = "ab*#*##";
    static const size_t fits[] = { 0, 1, 2, 2, 4, 4, 4, 7 };   /* bytes written for dst_size - 1 */
    char dst[16];
    size_t ret;
    int short_buffer;

    for (size_t size = 0; size <= 9; size++)
    {
        for (int fit = NAME_TRUNCATE; fit <= NAME_CLIP; fit++)
        {
            size_t scratch_size = name_scratch_size(size, 4);
            char *scratch = unit_alloc(scratch_size, 0);

            memset(dst, 0x5a, sizeof(dst));
            ret = name_out_a(dst, size, name, 4, fit, &short_buffer, scratch, fake_narrow);
            ck_assert_int_eq(short_buffer, size <= 7);
            if (size > 7)
            {
                ck_assert_uint_eq(ret, 7);
                ck_assert_str_eq(dst, full);
            }
            else if (fit == NAME_WHOLE || !size)
            {
                ck_assert_uint_eq(ret, 0);
                for (size_t i = 0; i < sizeof(dst); i++) ck_assert_uint_eq((unsigned char)dst[i], 0x5a);
            }
            else if (fit == NAME_CLIP)
            {
                /* what fits in size bytes, never half a character, no NUL */
                ck_assert_uint_eq(ret, fits[size]);
                ck_assert_int_eq(memcmp(dst, full, ret), 0);
            }
            else
            {
                /* what fits in size - 1 bytes, never half a character, and
                 * the NUL; NAME_TRUNCATE_SIZE counts the NUL */
                ck_assert_uint_eq(ret, fits[size - 1] + (fit == NAME_TRUNCATE_SIZE));
                ck_assert_int_eq(memcmp(dst, full, fits[size - 1]), 0);
                ck_assert_uint_eq(dst[fits[size - 1]], 0);
            }
            for (size_t i = size; i < sizeof(dst); i++)
                if (size <= 7 || i > 7) ck_assert_uint_eq((unsigned char)dst[i], 0x5a);
            free(scratch);
        }
    }
}
END_TEST

/* The scratch a huge caller buffer needs is bounded by the name. */
START_TEST(test_name_scratch)
{
    uint16_t name[] = { 'x', 'y', 'z' };
    char dst[8], *scratch;
    int short_buffer;

    ck_assert_uint_eq(name_scratch_size(0, 3), 0);
    ck_assert_uint_le(name_scratch_size(SIZE_MAX, 3), 64);
    ck_assert_uint_le(name_scratch_size(0xffffffffu, 0), 16);
    ck_assert_uint_ge(name_scratch_size(1, 3), 1);
    scratch = unit_alloc(name_scratch_size(SIZE_MAX, 3), 0);
    /* dst is really 8 bytes: a name that fits never makes it write further */
    ck_assert_uint_eq(name_out_a(dst, SIZE_MAX, name, 3, NAME_WHOLE, &short_buffer, scratch, fake_narrow), 3);
    ck_assert_int_eq(short_buffer, 0);
    ck_assert_str_eq(dst, "xyz");
    free(scratch);
}
END_TEST

/* ------------------------------------------------------------------ drivers */

static void *module_list(size_t count, size_t extra, int odd, unsigned char **block)
{
    size_t size = NT_MODULES_HEADER + count * sizeof(struct nt_module_record) + extra;
    uint32_t n = (uint32_t)count;
    unsigned char *buf;

    *block = unit_alloc(size + (odd ? 1 : 0), 0);
    buf = *block + (odd ? 1 : 0);
    memcpy(buf, &n, sizeof(n));
    for (size_t i = 0; i < count; i++)
    {
        struct nt_module_record r;

        memset(&r, 0, sizeof(r));
        r.image_base = 0x10000000u + i * 0x200000u;
        r.image_size = 0x200000;
        snprintf((char *)r.full_path_name, sizeof(r.full_path_name), "\\SystemRoot\\system32\\drivers\\d%zu.sys", i);
        r.offset_to_file_name = 29;
        memcpy(buf + NT_MODULES_HEADER + i * sizeof(r), &r, sizeof(r));
    }
    return buf;
}

START_TEST(test_modules)
{
    for (int odd = 0; odd < 2; odd++)
    {
        unsigned char *block;
        size_t size = NT_MODULES_HEADER + 5 * sizeof(struct nt_module_record);
        void *buf = module_list(5, 0, odd, &block);
        struct nt_module_record r;
        size_t count, len, offset;

        ck_assert_int_eq(sysmod_count(buf, size, &count), CORE_OK);
        ck_assert_uint_eq(count, 5);
        ck_assert_int_eq(sysmod_find(buf, size, 0x10000000u + 3 * 0x200000u, &r), CORE_OK);
        sysmod_path(&r, &len, &offset);
        ck_assert_uint_eq(len, strlen("\\SystemRoot\\system32\\drivers\\d3.sys"));
        ck_assert_str_eq((char *)r.full_path_name + offset, "d3.sys");
        ck_assert_int_eq(sysmod_find(buf, size, 0x10000001u, &r), CORE_END);
        ck_assert_int_eq(sysmod_find(buf, size, 0, &r), CORE_END);
        /* one byte short of the last record */
        ck_assert_int_eq(sysmod_count(buf, size - 1, &count), CORE_CORRUPT);
        ck_assert_int_eq(sysmod_find(buf, size - 1, 0x10000000u, &r), CORE_CORRUPT);
        ck_assert_int_eq(sysmod_count(buf, 3, &count), CORE_CORRUPT);
        ck_assert_int_eq(sysmod_count(NULL, 0, &count), CORE_CORRUPT);
        free(block);
    }
}
END_TEST

START_TEST(test_modules_counts)
{
    unsigned char *block;
    void *buf = module_list(0, 0, 1, &block);
    size_t count = 99;
    uint32_t huge = 0xffffffffu;

    /* an empty list: just its count */
    ck_assert_int_eq(sysmod_count(buf, 4, &count), CORE_OK);
    ck_assert_uint_eq(count, 0);
    ck_assert_int_eq(sysmod_count(buf, NT_MODULES_HEADER, &count), CORE_OK);
    free(block);
    /* a count the buffer cannot hold, however it is multiplied */
    buf = module_list(2, 0, 0, &block);
    memcpy(buf, &huge, sizeof(huge));
    ck_assert_int_eq(sysmod_count(buf, NT_MODULES_HEADER + 2 * sizeof(struct nt_module_record), &count), CORE_CORRUPT);
    free(block);
}
END_TEST

START_TEST(test_module_path)
{
    struct nt_module_record r;
    size_t len, offset;

    memset(&r, 0, sizeof(r));
    strcpy((char *)r.full_path_name, "\\SystemRoot\\system32\\ntoskrnl.exe");
    r.offset_to_file_name = 21;
    sysmod_path(&r, &len, &offset);
    ck_assert_uint_eq(len, 33);
    ck_assert_uint_eq(offset, 21);
    /* an offset inside a component, at the NUL or past it: after the last backslash */
    r.offset_to_file_name = 23;
    sysmod_path(&r, &len, &offset);
    ck_assert_uint_eq(offset, 21);
    r.offset_to_file_name = 33;
    sysmod_path(&r, &len, &offset);
    ck_assert_uint_eq(offset, 21);
    r.offset_to_file_name = 0xffff;
    sysmod_path(&r, &len, &offset);
    ck_assert_uint_eq(offset, 21);
    /* a bare name */
    memset(r.full_path_name, 0, sizeof(r.full_path_name));
    strcpy((char *)r.full_path_name, "hal.dll");
    r.offset_to_file_name = 0;
    sysmod_path(&r, &len, &offset);
    ck_assert_uint_eq(len, 7);
    ck_assert_uint_eq(offset, 0);
    /* no NUL in the 256 bytes: the whole field */
    memset(r.full_path_name, 'a', sizeof(r.full_path_name));
    r.full_path_name[100] = '\\';
    r.offset_to_file_name = 300;
    sysmod_path(&r, &len, &offset);
    ck_assert_uint_eq(len, 256);
    ck_assert_uint_eq(offset, 101);
}
END_TEST

/* ------------------------------------------------------------------ page files */

/* A page-file chain of count records, each followed by its name, laid out
 * as if the buffer sat at base; exact-size block at an odd address. */
static unsigned char *pagefile_chain(size_t count, uintptr_t base, size_t *size, unsigned char **block)
{
    size_t offsets[8], total = 0;
    unsigned char *buf;

    for (size_t i = 0; i < count; i++)
    {
        offsets[i] = total;
        total += sizeof(struct nt_pagefile_record) + 40;
    }
    *size = total;
    *block = unit_alloc(total + 1, 0);
    buf = *block + 1;
    for (size_t i = 0; i < count; i++)
    {
        struct nt_pagefile_record r;
        struct wstr name;
        char text[20];

        snprintf(text, sizeof(text), "\\??\\%c:\\pagefile.sys", (int)('C' + i));
        name = wstr_new(text, 0);
        memset(&r, 0, sizeof(r));
        r.next_entry_offset = i + 1 < count ? (uint32_t)(offsets[i + 1] - offsets[i]) : 0;
        r.total_size = (uint32_t)(1000 * (i + 1));
        r.total_in_use = 10;
        r.peak_usage = 20;
        r.file_name.length = (uint16_t)name.bytes;
        r.file_name.maximum_length = (uint16_t)name.bytes;
        r.file_name.buffer = base + offsets[i] + sizeof(r);
        memcpy(buf + offsets[i], &r, sizeof(r));
        memcpy(buf + offsets[i] + sizeof(r), name.str, name.bytes);
        wstr_free(&name);
    }
    return buf;
}

static void set_record(unsigned char *buf, size_t offset, const struct nt_pagefile_record *r)
{
    memcpy(buf + offset, r, sizeof(*r));
}

static void get_record(const unsigned char *buf, size_t offset, struct nt_pagefile_record *r)
{
    memcpy(r, buf + offset, sizeof(*r));
}

START_TEST(test_pagefiles)
{
    const uintptr_t base = 0x7ff00000u;
    unsigned char *block, *buf;
    struct nt_pagefile_record r;
    struct pagefile_walk walk;
    const void *name;
    size_t size, bytes, n = 0;
    int ret;

    buf = pagefile_chain(3, base, &size, &block);
    pagefile_walk_init(&walk, buf, size, base);
    while ((ret = pagefile_walk_next(&walk, &r, &name, &bytes)) == CORE_OK)
    {
        struct devpath p;
        uint16_t dos[32];
        char *text, expected[20];

        ck_assert_uint_eq(r.total_size, 1000 * (n + 1));
        ck_assert_int_eq(devpath_parse(name, bytes, &p), CORE_OK);
        ck_assert_uint_eq(devpath_dos(dos, 32, name, &p), 15);
        text = ascii_of(dos, 15);
        snprintf(expected, sizeof(expected), "%c:\\pagefile.sys", (int)('C' + n));
        ck_assert_str_eq(text, expected);
        free(text);
        n++;
    }
    ck_assert_int_eq(ret, CORE_END);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(pagefile_walk_next(&walk, &r, &name, &bytes), CORE_END);

    /* no page files: an empty buffer */
    pagefile_walk_init(&walk, buf, 0, base);
    ck_assert_int_eq(pagefile_walk_next(&walk, &r, &name, &bytes), CORE_END);
    pagefile_walk_init(&walk, NULL, 100, base);
    ck_assert_int_eq(pagefile_walk_next(&walk, &r, &name, &bytes), CORE_END);
    free(block);
}
END_TEST

/* Corruptions of each kind end the walk with CORE_CORRUPT, never a read past the buffer. */
START_TEST(test_pagefiles_corrupt)
{
    const uintptr_t base = 0x7ff00000u;
    unsigned char *block, *buf;
    struct nt_pagefile_record r, saved;
    struct pagefile_walk walk;
    const void *name;
    size_t size, bytes;
    int ret = CORE_OK, steps = 0;

    buf = pagefile_chain(2, base, &size, &block);
    get_record(buf, 0, &saved);

    switch (_i)
    {
    case 0: r = saved; r.next_entry_offset = 4; break;                   /* inside the record */
    case 1: r = saved; r.next_entry_offset = (uint32_t)size; break;      /* past the end */
    case 2: r = saved; r.next_entry_offset = 0xffffffffu; break;
    case 3: r = saved; r.file_name.buffer = base - 2; break;             /* before the buffer */
    case 4: r = saved; r.file_name.buffer = base + size - 2; r.file_name.length = 4; break;
    case 5: r = saved; r.file_name.length = 7; break;                    /* odd */
    case 6: r = saved; r.file_name.buffer = 0; break;
    case 7: r = saved; r.next_entry_offset = (uint32_t)(size - sizeof(r) + 1); break;  /* truncated record */
    }
    set_record(buf, 0, &r);
    pagefile_walk_init(&walk, buf, size, base);
    while (steps < 10 && (ret = pagefile_walk_next(&walk, &r, &name, &bytes)) == CORE_OK)
    {
        ck_assert((const unsigned char *)name >= buf);
        ck_assert((const unsigned char *)name + bytes <= buf + size);
        steps++;
    }
    ck_assert_int_eq(ret, CORE_CORRUPT);
    ck_assert_int_le(steps, 1);
    ck_assert_int_eq(pagefile_walk_next(&walk, &r, &name, &bytes), CORE_END);
    free(block);
}
END_TEST

/* A chain cut anywhere inside a record is corrupt; a name of length 0 is no name. */
START_TEST(test_pagefiles_truncated)
{
    const uintptr_t base = 0x1000;
    unsigned char *block, *buf;
    struct nt_pagefile_record r;
    struct pagefile_walk walk;
    const void *name;
    size_t size, bytes;

    buf = pagefile_chain(1, base, &size, &block);
    for (size_t cut = 1; cut < sizeof(r); cut++)
    {
        pagefile_walk_init(&walk, buf, cut, base);
        ck_assert_int_eq(pagefile_walk_next(&walk, &r, &name, &bytes), CORE_CORRUPT);
    }
    get_record(buf, 0, &r);
    r.file_name.length = 0;
    r.file_name.buffer = 0xdead;
    set_record(buf, 0, &r);
    pagefile_walk_init(&walk, buf, size, base);
    ck_assert_int_eq(pagefile_walk_next(&walk, &r, &name, &bytes), CORE_OK);
    ck_assert_ptr_null(name);
    ck_assert_uint_eq(bytes, 0);
    free(block);
}
END_TEST

/* ------------------------------------------------------------------ performance */

static void put32(unsigned char *buf, size_t offset, uint32_t value)
{
    memcpy(buf + offset, &value, sizeof(value));
}

START_TEST(test_performance)
{
    unsigned char *basic_block = unit_alloc(64 + 1, 0), *perf_block = unit_alloc(NT_PERF_MIN_SIZE + 1, 0);
    unsigned char *cache_block = unit_alloc(8 * sizeof(uintptr_t) + 1, 0);
    unsigned char *basic = basic_block + 1, *perf = perf_block + 1, *cache = cache_block + 1;
    uintptr_t cached = 777;
    struct perf_layout out;

    put32(basic, NT_BASIC_PAGE_SIZE, 4096);
    put32(basic, NT_BASIC_PHYSICAL_PAGES, 1000000);
    put32(perf, NT_PERF_AVAILABLE_PAGES, 400000);
    put32(perf, NT_PERF_COMMITTED_PAGES, 300000);
    put32(perf, NT_PERF_COMMIT_LIMIT, 1200000);
    put32(perf, NT_PERF_PEAK_COMMITMENT, 350000);
    put32(perf, NT_PERF_PAGED_POOL_PAGES, 5000);
    put32(perf, NT_PERF_NONPAGED_POOL_PAGES, 3000);
    put32(perf, NT_PERF_SYSTEM_CACHE_PAGES, 12345);
    memcpy(cache + NT_FILECACHE_TRANSITION_PAGES, &cached, sizeof(cached));

    ck_assert_int_eq(perf_from_nt(&out, basic, 64, perf, NT_PERF_MIN_SIZE, cache, 8 * sizeof(uintptr_t),
                                  12, 345, 6789), CORE_OK);
    ck_assert_uint_eq(out.cb, sizeof(out));
    ck_assert_uint_eq(out.page_size, 4096);
    ck_assert_uint_eq(out.physical_total, 1000000);
    ck_assert_uint_eq(out.physical_available, 400000);
    ck_assert_uint_eq(out.commit_total, 300000);
    ck_assert_uint_eq(out.commit_limit, 1200000);
    ck_assert_uint_eq(out.commit_peak, 350000);
    ck_assert_uint_eq(out.kernel_paged, 5000);
    ck_assert_uint_eq(out.kernel_nonpaged, 3000);
    ck_assert_uint_eq(out.kernel_total, 8000);
    ck_assert_uint_eq(out.system_cache, 777);
    ck_assert_uint_eq(out.process_count, 12);
    ck_assert_uint_eq(out.thread_count, 345);
    ck_assert_uint_eq(out.handle_count, 6789);

    /* a peak the layer does not report (Wine says 0) stays 0: no figure is
     * computed another way */
    put32(perf, NT_PERF_PEAK_COMMITMENT, 0);
    /* no file cache record, or one too short: the resident system cache */
    ck_assert_int_eq(perf_from_nt(&out, basic, 64, perf, NT_PERF_MIN_SIZE, NULL, 0, 1, 1, 1), CORE_OK);
    ck_assert_uint_eq(out.commit_peak, 0);
    ck_assert_uint_eq(out.system_cache, 12345);
    ck_assert_int_eq(perf_from_nt(&out, basic, 64, perf, NT_PERF_MIN_SIZE, cache,
                                  NT_FILECACHE_TRANSITION_PAGES + sizeof(uintptr_t) - 1, 1, 1, 1), CORE_OK);
    ck_assert_uint_eq(out.system_cache, 12345);

    /* records too short for the values */
    ck_assert_int_eq(perf_from_nt(&out, basic, NT_BASIC_PHYSICAL_PAGES + 3, perf, NT_PERF_MIN_SIZE, NULL, 0, 1, 1, 1),
                     CORE_CORRUPT);
    ck_assert_int_eq(perf_from_nt(&out, basic, 64, perf, NT_PERF_MIN_SIZE - 1, NULL, 0, 1, 1, 1), CORE_CORRUPT);
    ck_assert_int_eq(perf_from_nt(&out, NULL, 64, perf, NT_PERF_MIN_SIZE, NULL, 0, 1, 1, 1), CORE_CORRUPT);
    ck_assert_int_eq(perf_from_nt(&out, basic, 64, NULL, NT_PERF_MIN_SIZE, NULL, 0, 1, 1, 1), CORE_CORRUPT);
    free(basic_block);
    free(perf_block);
    free(cache_block);
}
END_TEST

Suite *devpath_suite(void)
{
    Suite *s = suite_create("devpath");
    TCase *tc;

    tc = tcase_create("parse");
    tcase_add_loop_test(tc, test_parse_forms, 0, sizeof(form_cases) / sizeof(form_cases[0]));
    tcase_add_test(tc, test_count);
    tcase_add_test(tc, test_parse_lengths);
    tcase_add_test(tc, test_parse_nul);
    suite_add_tcase(s, tc);

    tc = tcase_create("output");
    tcase_add_loop_test(tc, test_join, 0, sizeof(join_cases) / sizeof(join_cases[0]));
    tcase_add_loop_test(tc, test_dos_and_link, 0, sizeof(dos_cases) / sizeof(dos_cases[0]));
    tcase_add_test(tc, test_long_paths);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("names");
    tcase_add_test(tc, test_name_out_w);
    tcase_add_test(tc, test_name_out_a);
    tcase_add_test(tc, test_name_scratch);
    suite_add_tcase(s, tc);

    tc = tcase_create("sysinfo");
    tcase_add_test(tc, test_modules);
    tcase_add_test(tc, test_modules_counts);
    tcase_add_test(tc, test_module_path);
    tcase_add_test(tc, test_pagefiles);
    tcase_add_loop_test(tc, test_pagefiles_corrupt, 0, 8);
    tcase_add_test(tc, test_pagefiles_truncated);
    tcase_add_test(tc, test_performance);
    suite_add_tcase(s, tc);
    return s;
}
