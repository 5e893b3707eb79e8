/*
 * libFuzzer target: the loader list walker (core/loader.c).
 *
 * The input is a struct fuzz_loader_header and the bytes of a fake address
 * space mapped at header.base; the read callback serves a read only when it
 * lies wholly inside them, and can be told to fail one read. The walk runs
 * to its end, every name is read into buffers of exactly their size, and
 * the documented promises are checked: results stay once reached, names
 * are terminated inside the buffer, loader_find finds what the walk saw.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "fuzz.h"
#include "core/loader.h"

struct space
{
    const unsigned char *bytes;
    size_t   size;
    uint64_t base;
    unsigned fail_read;     /* 1-based, 0: never */
    unsigned reads;
};

static int space_read(void *ctx, uint64_t address, void *buffer, size_t size)
{
    struct space *space = ctx;

    FUZZ_ASSERT(size);                              /* the core never asks for nothing */
    FUZZ_ASSERT(address <= UINT64_MAX - size);      /* nor for a range that wraps */
    if (++space->reads == space->fail_read) return 1;
    if (address < space->base || address - space->base > space->size
        || size > space->size - (address - space->base))
        return 1;
    memcpy(buffer, space->bytes + (address - space->base), size);
    return 0;
}

static const size_t dst_sizes[] = { 1, 2, 9, 260, LOADER_MAX_NAME_CHARS + 1, 0 };
#define DST_COUNT (sizeof(dst_sizes) / sizeof(dst_sizes[0]))
static uint16_t *dst_bufs[DST_COUNT];

static void check_name(int ret, const uint16_t *dst, size_t dst_chars, size_t chars)
{
    FUZZ_ASSERT(ret == LOADER_OK || ret == LOADER_UNREADABLE);
    if (!dst_chars)
    {
        FUZZ_ASSERT(!chars);
        return;
    }
    FUZZ_ASSERT(chars < dst_chars);
    FUZZ_ASSERT(!dst[chars]);
    for (size_t i = 0; i < chars; i++) FUZZ_ASSERT(dst[i]);
    if (ret != LOADER_OK) FUZZ_ASSERT(!chars);
}

static void read_names(const struct loader_walk *walk, const struct loader_module *module, size_t which)
{
    size_t dst_chars = dst_sizes[which % DST_COUNT], chars = 12345;
    uint16_t *dst = dst_bufs[which % DST_COUNT];
    int ret;

    ret = loader_read_name(walk, &module->full_name, dst, dst_chars, &chars);
    check_name(ret, dst, dst_chars, chars);
    chars = 12345;
    ret = loader_read_name(walk, &module->base_name, dst, dst_chars, &chars);
    check_name(ret, dst, dst_chars, chars);
    chars = 12345;
    ret = loader_read_base_name(walk, module, dst, dst_chars, &chars);
    check_name(ret, dst, dst_chars, chars);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_loader_header header;
    struct space space;
    struct loader_walk walk;
    struct loader_module module, found, first_module;
    unsigned char *bytes;
    unsigned int ptr_size;
    size_t count = 0;
    int ret, init;

    if (!dst_bufs[0])
        for (size_t i = 0; i < DST_COUNT; i++)
            FUZZ_ASSERT((dst_bufs[i] = malloc(dst_sizes[i] ? dst_sizes[i] * sizeof(uint16_t) : 1)));

    if (size < sizeof(header)) return 0;
    memcpy(&header, data, sizeof(header));
    ptr_size = header.ptr_size & 0x80 ? header.ptr_size & 0x0f : header.ptr_size & 1 ? 4 : 8;

    /* the space is a block of exactly its size */
    space.size = size - sizeof(header);
    bytes = malloc(space.size ? space.size : 1);
    FUZZ_ASSERT(bytes);
    memcpy(bytes, data + sizeof(header), space.size);
    space.bytes = bytes;
    space.base = header.base;
    space.fail_read = header.fail_read;
    space.reads = 0;

    init = loader_walk_init(&walk, space_read, &space, ptr_size, header.peb);
    FUZZ_ASSERT(init == LOADER_OK || init == LOADER_NOT_READY || init == LOADER_UNREADABLE
                || init == LOADER_CORRUPT);
    if (ptr_size != 4 && ptr_size != 8) FUZZ_ASSERT(init == LOADER_CORRUPT);

    while ((ret = loader_walk_next(&walk, &module)) == LOADER_OK)
    {
        FUZZ_ASSERT(init == LOADER_OK);
        FUZZ_ASSERT(++count <= LOADER_MAX_MODULES);
        FUZZ_ASSERT(module.entry && !(module.entry % ptr_size));
        if (count == 1) first_module = module;
        read_names(&walk, &module, header.dst_chars + count);
    }
    FUZZ_ASSERT(ret == LOADER_END || ret == LOADER_CORRUPT || ret == LOADER_UNREADABLE
                || ret == LOADER_NOT_READY);
    if (init != LOADER_OK) FUZZ_ASSERT(ret == init && !count);
    /* errors and the end stay */
    FUZZ_ASSERT(loader_walk_next(&walk, &module) == ret);

    /* the walk starts again from the head: with the same memory (and no read
     * failing any more), it finds the first module it saw */
    space.fail_read = 0;
    if (count)
    {
        FUZZ_ASSERT(loader_find(&walk, first_module.base, &found) == LOADER_OK);
        FUZZ_ASSERT(found.entry == first_module.entry);
    }
    ret = loader_find(&walk, 0x0123456789abcdefull, &found);
    FUZZ_ASSERT(ret != LOADER_OK || found.base == 0x0123456789abcdefull);
    if (init != LOADER_OK) FUZZ_ASSERT(ret == init);

    free(bytes);
    return 0;
}
