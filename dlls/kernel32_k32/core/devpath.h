/*
 * OS-free path forms: recognises the forms in which NT and Win32 name a file
 * (device form "\Device\HarddiskVolume1\x", "\??\C:\x", "\\?\C:\x",
 * "C:\x", "\\server\share\x", ...), splits off the DOS device link a path
 * goes through (C:, UNC, Volume{...}) and joins the link's target with the
 * rest, so that the NT layer can give the device form the PSAPI name
 * functions document ("The GetProcessImageFileName function returns the
 * path in device form, rather than drive letters",
 * https://learn.microsoft.com/windows/win32/api/psapi/nf-psapi-getprocessimagefilenamew).
 *
 * Also the output rules of the name functions: how a W name lands in a
 * caller's W or A buffer of nSize characters.
 *
 * Strings come as byte buffers from the layer below (UNICODE_STRING Length
 * is in bytes, the buffer need not be aligned): they are read through
 * memcpy, an odd byte length is corrupt, and a NUL ends the string early.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_CORE_DEVPATH_H
#define K32_CORE_DEVPATH_H

#include <stddef.h>
#include <stdint.h>

#include "core/text.h"

enum devpath_form
{
    DEVPATH_OTHER,  /* relative, drive-relative ("C:x"), empty or unknown: used as is */
    DEVPATH_NT,     /* an NT path outside \??: "\Device\...", "\SystemRoot\..." */
    DEVPATH_LINK,   /* through a DOS device link: "\??\C:\x", "C:\x", "\\server\s" */
};

struct devpath
{
    enum devpath_form form;
    size_t chars;           /* of the whole path, up to its first NUL */
    size_t link_offset;     /* DEVPATH_LINK: the link's name ("C:", "UNC", "Volume{...}") */
    size_t link_chars;
    size_t rest_offset;     /* what follows the link, from its backslash (may be empty); */
    size_t rest_chars;      /* DEVPATH_NT and DEVPATH_OTHER: the path itself */
    int    drive;           /* DEVPATH_LINK through a drive letter: 'A' to 'Z', else 0 */
    int    unc;             /* DEVPATH_LINK through UNC */
};

/* The characters of a counted UTF-16 string of `bytes` bytes, up to its
 * first NUL. CORE_CORRUPT (ntrecords.h) when bytes is odd. */
int devpath_count(const void *str, size_t bytes, size_t *chars);

/* Parses path[0, bytes): CORE_OK, or CORE_CORRUPT when bytes is odd. */
int devpath_parse(const void *path, size_t bytes, struct devpath *parsed);

/* The functions below write like snprintf: at most dst_chars - 1 characters
 * and a NUL (nothing when dst_chars is 0), and return the characters the
 * whole result takes, without the NUL. */

/* The NT name of the link object: "\??\" + link. */
size_t devpath_link_name(uint16_t *dst, size_t dst_chars, const void *path, const struct devpath *parsed);

/* The link's target (target_chars characters of target, e.g.
 * "\Device\HarddiskVolume1") followed by the rest of the path, with one
 * backslash between them. */
size_t devpath_join(uint16_t *dst, size_t dst_chars, const void *target, size_t target_chars,
                    const void *path, const struct devpath *parsed);

/* The Win32 (DOS) form of a parsed path: "C:\x", "\\server\share\x",
 * "\\?\Volume{...}\x"; NT and other paths come back unchanged. */
size_t devpath_dos(uint16_t *dst, size_t dst_chars, const void *path, const struct devpath *parsed);

/* ------------------------------------------------------------------ name output */

/* How a name that does not fit in the caller's buffer is handled. */
enum name_fit
{
    NAME_TRUNCATE,      /* what fits and a NUL; the result counts what was copied */
    NAME_WHOLE,         /* all or nothing: nothing is written when it does not fit */
    NAME_TRUNCATE_SIZE, /* what fits and a NUL; a truncated result counts the NUL
                         * too (a buffer of 1 gets the NUL alone and 1) */
    NAME_CLIP,          /* what fits, the NUL only when there is room for it; the
                         * result counts what was written */
};

/* Writes name[0, chars) to a W buffer of dst_chars characters. Returns the
 * characters written without the NUL (NAME_TRUNCATE_SIZE: with the NUL when
 * the name was truncated); *short_buffer tells whether the name and its NUL
 * did not fit whole (with NAME_WHOLE the result is then 0, nothing written).
 * dst_chars 0 writes nothing. */
size_t name_out_w(uint16_t *dst, size_t dst_chars, const uint16_t *name, size_t chars,
                  enum name_fit fit, int *short_buffer);

/* The same into an A buffer of dst_size bytes, converted by narrow, never
 * splitting a character. scratch holds name_scratch_size(dst_size, chars)
 * bytes: the name is converted there first, to learn whether it fits. */
size_t name_scratch_size(size_t dst_size, size_t chars);
size_t name_out_a(char *dst, size_t dst_size, const uint16_t *name, size_t chars,
                  enum name_fit fit, int *short_buffer, char *scratch, text_narrow_fn narrow);

#endif /* K32_CORE_DEVPATH_H */
