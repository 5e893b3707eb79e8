/*
 * OS-free reader of a process's loader list (see loader.h).
 *
 * Layouts (the 32-bit one is the x86 and WOW64 one; p = pointer size):
 *   PEB:                   ImageBaseAddress at 2p, Ldr at 3p
 *   PEB_LDR_DATA:          InLoadOrderModuleList (LIST_ENTRY) at 8 + p
 *   LDR_DATA_TABLE_ENTRY:  InLoadOrderLinks at 0, DllBase at 6p, EntryPoint
 *                          at 7p, SizeOfImage (ULONG) at 8p, FullDllName at
 *                          8p + 4 rounded up to p, BaseDllName right after it
 *   UNICODE_STRING:        Length, MaximumLength (USHORT), Buffer at p
 * winternl.h documents the parts it names (PEB.Ldr, LDR_DATA_TABLE_ENTRY's
 * DllBase and FullDllName); the NT layer checks these offsets against it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "core/loader.h"

size_t loader_peb_image_base_offset(unsigned int ptr_size) { return 2 * (size_t)ptr_size; }
size_t loader_peb_ldr_offset(unsigned int ptr_size) { return 3 * (size_t)ptr_size; }
size_t loader_ldr_list_offset(unsigned int ptr_size) { return 8 + (size_t)ptr_size; }
size_t loader_entry_base_offset(unsigned int ptr_size) { return 6 * (size_t)ptr_size; }

size_t loader_entry_full_name_offset(unsigned int ptr_size)
{
    size_t offset = 8 * (size_t)ptr_size + 4;   /* after SizeOfImage */
    return (offset + ptr_size - 1) / ptr_size * ptr_size;
}

size_t loader_entry_size(unsigned int ptr_size)
{
    return loader_entry_full_name_offset(ptr_size) + 4 * (size_t)ptr_size;   /* two UNICODE_STRINGs */
}

#define LOADER_MAX_ENTRY 0x68   /* loader_entry_size(8) */

static uint64_t get_ptr(const unsigned char *bytes, unsigned int ptr_size)
{
    if (ptr_size == 4)
    {
        uint32_t value;
        memcpy(&value, bytes, sizeof(value));
        return value;
    }
    else
    {
        uint64_t value;
        memcpy(&value, bytes, sizeof(value));
        return value;
    }
}

static uint32_t get_u32(const unsigned char *bytes)
{
    uint32_t value;
    memcpy(&value, bytes, sizeof(value));
    return value;
}

static uint16_t get_u16(const unsigned char *bytes)
{
    uint16_t value;
    memcpy(&value, bytes, sizeof(value));
    return value;
}

/* Fetches [address, address + size): a range that wraps around is unreadable. */
static int fetch(const struct loader_walk *walk, uint64_t address, void *buffer, size_t size)
{
    if (!size) return LOADER_OK;
    if (address > UINT64_MAX - size) return LOADER_UNREADABLE;
    return walk->read(walk->ctx, address, buffer, size) ? LOADER_UNREADABLE : LOADER_OK;
}

static struct loader_string get_string(const unsigned char *bytes, unsigned int ptr_size)
{
    struct loader_string str;
    uint16_t length = get_u16(bytes), maximum = get_u16(bytes + 2);

    /* Length counts bytes without the NUL, MaximumLength the buffer's size:
     * a Length past the buffer is cut to it, an odd one loses its half character */
    if (length > maximum) length = maximum;
    str.buffer = get_ptr(bytes + ptr_size, ptr_size);
    str.chars = str.buffer ? length / 2 : 0;
    return str;
}

static void walk_restart(struct loader_walk *walk, uint64_t first)
{
    walk->next = first;
    walk->mark = 0;
    walk->steps = 0;
    walk->power = 1;
    walk->count = 0;
    walk->state = LOADER_OK;
}

int loader_walk_init(struct loader_walk *walk, loader_read_fn read, void *ctx, unsigned int ptr_size,
                     uint64_t peb)
{
    unsigned char bytes[16];
    uint64_t ldr;
    int ret;

    memset(walk, 0, sizeof(*walk));
    walk->read = read;
    walk->ctx = ctx;
    walk->ptr_size = ptr_size;
    walk->state = LOADER_CORRUPT;
    if ((ptr_size != 4 && ptr_size != 8) || !peb || peb % ptr_size) return LOADER_CORRUPT;
    if (peb > UINT64_MAX - 4 * ptr_size) return walk->state = LOADER_UNREADABLE;

    /* ImageBaseAddress and Ldr are neighbours: one read */
    if ((ret = fetch(walk, peb + loader_peb_image_base_offset(ptr_size), bytes, 2 * ptr_size)))
        return walk->state = ret;
    walk->image_base = get_ptr(bytes, ptr_size);
    ldr = get_ptr(bytes + ptr_size, ptr_size);
    if (!ldr) return walk->state = LOADER_NOT_READY;
    if (ldr % ptr_size) return LOADER_CORRUPT;
    if (ldr > UINT64_MAX - 4 * ptr_size - 8) return walk->state = LOADER_UNREADABLE;

    walk->head = ldr + loader_ldr_list_offset(ptr_size);
    if ((ret = fetch(walk, walk->head, bytes, ptr_size))) return walk->state = ret;
    if (!get_ptr(bytes, ptr_size)) return walk->state = LOADER_NOT_READY;
    walk->first = get_ptr(bytes, ptr_size);
    walk_restart(walk, walk->first);
    return LOADER_OK;
}

int loader_walk_next(struct loader_walk *walk, struct loader_module *module)
{
    unsigned char bytes[LOADER_MAX_ENTRY];
    unsigned int p = walk->ptr_size;
    size_t names;
    uint64_t link = walk->next;
    int ret;

    if (walk->state != LOADER_OK) return walk->state;   /* ptr_size may be 0 after a failed init */
    names = loader_entry_full_name_offset(p);
    if (link == walk->head) return walk->state = LOADER_END;
    if (!link || link % p) return walk->state = LOADER_CORRUPT;
    /* a loop that does not pass the head: link meets a link seen before */
    if (link == walk->mark || walk->count >= LOADER_MAX_MODULES) return walk->state = LOADER_CORRUPT;
    if (++walk->steps == walk->power)
    {
        walk->mark = link;
        walk->power *= 2;
        walk->steps = 0;
    }

    if ((ret = fetch(walk, link, bytes, loader_entry_size(p)))) return walk->state = ret;
    memset(module, 0, sizeof(*module));
    module->entry = link;
    module->base = get_ptr(bytes + loader_entry_base_offset(p), p);
    module->entry_point = get_ptr(bytes + 7 * p, p);
    module->size_of_image = get_u32(bytes + 8 * p);
    module->full_name = get_string(bytes + names, p);
    module->base_name = get_string(bytes + names + 2 * p, p);
    walk->next = get_ptr(bytes, p);   /* InLoadOrderLinks.Flink */
    walk->count++;
    return LOADER_OK;
}

int loader_find(struct loader_walk *walk, uint64_t base, struct loader_module *module)
{
    int ret;

    if (!walk->first) return walk->state;   /* init failed: its result stays */
    walk_restart(walk, walk->first);
    while ((ret = loader_walk_next(walk, module)) == LOADER_OK)
        if (module->base == base) return LOADER_OK;
    return ret;
}

int loader_read_name(const struct loader_walk *walk, const struct loader_string *name,
                     uint16_t *dst, size_t dst_chars, size_t *chars)
{
    size_t count = name->chars, len = 0;

    *chars = 0;
    if (!dst_chars) return LOADER_OK;
    if (count > LOADER_MAX_NAME_CHARS) count = LOADER_MAX_NAME_CHARS;
    if (count > dst_chars - 1) count = dst_chars - 1;
    if (fetch(walk, name->buffer, dst, count * sizeof(uint16_t)))
    {
        dst[0] = 0;
        return LOADER_UNREADABLE;
    }
    while (len < count && dst[len]) len++;   /* an embedded NUL ends the name */
    dst[len] = 0;
    *chars = len;
    return LOADER_OK;
}

int loader_read_base_name(const struct loader_walk *walk, const struct loader_module *module,
                          uint16_t *dst, size_t dst_chars, size_t *chars)
{
    struct loader_string full = module->full_name, base;
    uint16_t chunk[128];
    size_t pos = 0, start = 0, end;

    if (module->base_name.chars) return loader_read_name(walk, &module->base_name, dst, dst_chars, chars);

    /* no base name: the full name's last component, up to an embedded NUL */
    if (full.chars > LOADER_MAX_NAME_CHARS) full.chars = LOADER_MAX_NAME_CHARS;
    if (full.buffer > UINT64_MAX - full.chars * sizeof(uint16_t))
    {
        *chars = 0;
        if (dst_chars) dst[0] = 0;
        return LOADER_UNREADABLE;
    }
    end = full.chars;
    while (pos < end)
    {
        size_t count = end - pos < 128 ? end - pos : 128;

        *chars = 0;
        if (dst_chars) dst[0] = 0;
        if (fetch(walk, full.buffer + pos * sizeof(uint16_t), chunk, count * sizeof(uint16_t)))
            return LOADER_UNREADABLE;
        for (size_t i = 0; i < count; i++)
        {
            if (!chunk[i])
            {
                end = pos + i;
                break;
            }
            if (chunk[i] == '\\' || chunk[i] == '/') start = pos + i + 1;
        }
        pos += count;
    }
    base.buffer = full.buffer + start * sizeof(uint16_t);
    base.chars = end - start;
    return loader_read_name(walk, &base, dst, dst_chars, chars);
}
