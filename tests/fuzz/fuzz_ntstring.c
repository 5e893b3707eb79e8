/*
 * libFuzzer target: a UNICODE_STRING answer of ntdll, whose Buffer and
 * Length the core must not trust (ntstring_check in core/ntstring.c).
 *
 * Input: a struct fuzz_ntstring_header, then the buffer ntdll filled,
 * copied into a block of exactly its size. Whatever passes the check is
 * read whole, so that AddressSanitizer sees any character outside the
 * block; what passes must also lie past the header at an even offset.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "fuzz.h"
#include "core/ntstring.h"
#include "core/ntrecords.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_ntstring_header header;
    size_t buf_size = size > sizeof(header) ? size - sizeof(header) : 0, count = 1;
    unsigned char *buf;
    const uint16_t *chars;
    uint32_t sum = 0;

    memset(&header, 0, sizeof(header));
    memcpy(&header, data, size < sizeof(header) ? size : sizeof(header));
    buf = malloc(buf_size ? buf_size : 1);
    FUZZ_ASSERT(buf);
    if (buf_size) memcpy(buf, data + sizeof(header), buf_size);
    /* an address computed, not formed as a pointer into another object */
    chars = (const uint16_t *)((uintptr_t)buf + (uintptr_t)(intptr_t)header.offset);
    if (ntstring_check(buf, buf_size, header.header, chars, header.length, &count) == CORE_OK)
    {
        FUZZ_ASSERT(count * 2 == header.length);
        if (count)
        {
            FUZZ_ASSERT(header.offset >= header.header && !(header.offset % 2));
            FUZZ_ASSERT((size_t)header.offset + header.length <= buf_size);
        }
        for (size_t i = 0; i < count; i++)
        {
            uint16_t c;
            memcpy(&c, (const unsigned char *)chars + i * 2, sizeof(c));
            sum += c;
        }
    }
    else FUZZ_ASSERT(!count);
    free(buf);
    return (int)(sum & 0);
}
