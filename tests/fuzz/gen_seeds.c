/*
 * Writes the seed corpora of the libFuzzer targets: a few valid inputs of
 * each format (fuzz.h) and a couple of corrupt ones.
 *
 *   cc -Idlls/kernel32_k32 -Itests/fuzz tests/fuzz/gen_seeds.c \
 *      dlls/kernel32_k32/core/layout.c dlls/kernel32_k32/core/ntrecords.c \
 *      dlls/kernel32_k32/core/text.c dlls/kernel32_k32/core/loader.c -o gen_seeds
 *   ./gen_seeds tests/fuzz/corpus          (tools/fuzz --regen-seeds does this)
 *
 * The seeds are in the host's layout (64-bit little-endian here).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "core/layout.h"
#include "core/loader.h"
#include "core/ntrecords.h"
#include "core/workingset.h"
#include "core/heaprecord.h"

static const char *out_dir;

static void write_seed(const char *target, const char *name, const void *bytes, size_t size)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", out_dir, target);
    if (mkdir(path, 0777) && errno != EEXIST) { perror(path); exit(1); }
    snprintf(path, sizeof(path), "%s/%s/%s", out_dir, target, name);
    if (!(f = fopen(path, "wb")) || fwrite(bytes, 1, size, f) != size || fclose(f))
    {
        perror(path);
        exit(1);
    }
}

static void put(unsigned char *buf, size_t offset, const void *value, size_t size)
{
    memcpy(buf + offset, value, size);
}

static void put_ptr(unsigned char *buf, size_t offset, uint64_t value, unsigned int p)
{
    if (p == 4)
    {
        uint32_t v = (uint32_t)value;
        put(buf, offset, &v, 4);
    }
    else put(buf, offset, &value, 8);
}

static size_t widen(uint16_t *dst, const char *src)
{
    size_t i;

    for (i = 0; src[i]; i++) dst[i] = (unsigned char)src[i];
    return i;
}

/* ------------------------------------------------------------------ sysproc */

struct chain
{
    unsigned char buf[16384];
    size_t size, last;
    size_t pad;     /* bytes after the 8-alignment of each record (Wine packs them) */
    int count;
};

static void chain_add(struct chain *c, uint32_t pid, uint32_t parent, uint32_t threads, const char *name)
{
    size_t offset = c->count ? ((c->size + 7) & ~(size_t)7) + c->pad : 0;
    size_t name_offset = offset + sizeof(struct nt_process_record) + threads * sizeof(struct nt_thread_record);
    struct nt_process_record rec;
    uint16_t wide[600];
    size_t chars = name ? widen(wide, name) : 0;

    if (c->count)
    {
        uint32_t next = (uint32_t)(offset - c->last);
        put(c->buf, c->last + offsetof(struct nt_process_record, next_entry_offset), &next, sizeof(next));
    }
    memset(&rec, 0, sizeof(rec));
    rec.number_of_threads = threads;
    rec.base_priority = pid ? 8 : 0;
    rec.unique_process_id = pid;
    rec.inherited_from_unique_process_id = parent;
    if (name)
    {
        rec.image_name.length = (uint16_t)(chars * 2);
        rec.image_name.maximum_length = (uint16_t)(chars * 2 + 2);
        rec.image_name.buffer = FUZZ_SYSPROC_BASE + name_offset;
        put(c->buf, name_offset, wide, chars * 2 + 2);
    }
    put(c->buf, offset, &rec, sizeof(rec));
    for (uint32_t t = 0; t < threads; t++)
    {
        struct nt_thread_record thr;

        memset(&thr, 0, sizeof(thr));
        thr.client_process = pid;
        thr.client_thread = pid * 4 + 4 + t * 4;
        thr.base_priority = 8;
        thr.priority = 9;
        put(c->buf, offset + sizeof(rec) + t * sizeof(thr), &thr, sizeof(thr));
    }
    c->last = offset;
    c->size = name ? name_offset + chars * 2 + 2 : name_offset;
    c->count++;
}

static void gen_sysproc(void)
{
    static struct chain c;
    char long_name[600];

    memset(&c, 0, sizeof(c));
    chain_add(&c, 0, 0, 1, NULL);
    chain_add(&c, 4, 0, 2, "System");
    chain_add(&c, 100, 4, 3, "\\Device\\HarddiskVolume1\\Windows\\explorer.exe");
    write_seed("sysproc", "valid-aligned", c.buf, c.size);

    /* truncated in the middle of the last record's threads */
    write_seed("sysproc", "corrupt-truncated", c.buf, c.last + sizeof(struct nt_process_record) + 40);
    /* the last record points back at the first: a loop */
    {
        uint32_t back = (uint32_t)(0 - (uint32_t)c.last);
        unsigned char loop[sizeof(c.buf)];

        memcpy(loop, c.buf, c.size);
        put(loop, c.last, &back, sizeof(back));
        write_seed("sysproc", "corrupt-loop", loop, c.size);
    }

    memset(&c, 0, sizeof(c));
    c.pad = 4;
    chain_add(&c, 0, 0, 0, NULL);
    chain_add(&c, 32, 0, 1, "C:\\windows\\system32\\services.exe");
    chain_add(&c, 36, 32, 0, "wine.exe");
    chain_add(&c, 40, 32, 2, "");
    write_seed("sysproc", "valid-packed", c.buf, c.size);

    /* a path longer than MAX_PATH whose base name lies past 260 characters */
    memset(&c, 0, sizeof(c));
    memset(long_name, 'a', 500);
    for (int i = 10; i < 500; i += 40) long_name[i] = '\\';
    strcpy(long_name + 500, "\\long.exe");
    chain_add(&c, 8, 0, 1, long_name);
    write_seed("sysproc", "valid-long-name", c.buf, c.size);

    /* a name pointing before the chain */
    memset(&c, 0, sizeof(c));
    chain_add(&c, 8, 0, 1, "x.exe");
    {
        uintptr_t bad = FUZZ_SYSPROC_BASE - 2;
        put(c.buf, offsetof(struct nt_process_record, image_name.buffer), &bad, sizeof(bad));
    }
    write_seed("sysproc", "corrupt-name", c.buf, c.size);
}

/* ------------------------------------------------------------------ loader */

#define L_LDR     0x40
#define L_ENTRIES 0x100

/* A well-formed list of count modules in the p-byte layout. flags: 1 = no
 * BaseDllName, 2 = the last entry links back to the first (a loop), 4 = no Ldr,
 * 8 = a NULL list head. */
static size_t build_list(unsigned char *space, unsigned int p, int count, int flags)
{
    size_t esize = loader_entry_size(p), names = L_ENTRIES + count * esize, size;
    uint64_t base = FUZZ_LOADER_BASE, head = base + L_LDR + loader_ldr_list_offset(p);

    memset(space, 0, 4096);
    put_ptr(space, loader_peb_image_base_offset(p), 0x400000, p);
    put_ptr(space, loader_peb_ldr_offset(p), flags & 4 ? 0 : base + L_LDR, p);
    space[L_LDR] = 0x30;
    space[L_LDR + 4] = 1;
    put_ptr(space, L_LDR + loader_ldr_list_offset(p), flags & 8 ? 0 : count ? base + L_ENTRIES : head, p);
    put_ptr(space, L_LDR + loader_ldr_list_offset(p) + p, count ? base + L_ENTRIES + (count - 1) * esize : head, p);
    size = names;
    for (int i = 0; i < count; i++)
    {
        size_t e = L_ENTRIES + i * esize, full = loader_entry_full_name_offset(p);
        char full_name[64], base_name[32];
        uint16_t wide[64];
        size_t chars;
        uint16_t len;

        put_ptr(space, e, i + 1 < count ? base + e + esize : flags & 2 ? base + L_ENTRIES : head, p);
        put_ptr(space, e + p, i ? base + e - esize : head, p);
        put_ptr(space, e + loader_entry_base_offset(p), i ? 0x10000000ull * (i + 1) : 0x400000, p);
        put_ptr(space, e + 7 * p, 0x401000 + i, p);
        put(space, e + 8 * p, &(uint32_t){ 0x5000 }, 4);

        snprintf(base_name, sizeof(base_name), "mod%d.dll", i);
        snprintf(full_name, sizeof(full_name), "C:\\windows\\%s", base_name);
        chars = widen(wide, full_name);
        len = (uint16_t)(chars * 2);
        put(space, size, wide, len);
        put(space, e + full, &len, 2);
        put(space, e + full + 2, &(uint16_t){ len + 2 }, 2);
        put_ptr(space, e + full + p, base + size, p);
        size += len + 2;
        if (!(flags & 1))
        {
            chars = widen(wide, base_name);
            len = (uint16_t)(chars * 2);
            put(space, size, wide, len);
            put(space, e + full + 2 * p, &len, 2);
            put(space, e + full + 2 * p + 2, &(uint16_t){ len + 2 }, 2);
            put_ptr(space, e + full + 3 * p, base + size, p);
            size += len + 2;
        }
        size = (size + 7) & ~(size_t)7;
    }
    return size;
}

static void write_loader(const char *name, unsigned int p, const unsigned char *space, size_t size,
                         uint8_t fail_read)
{
    unsigned char seed[sizeof(struct fuzz_loader_header) + 4096];
    struct fuzz_loader_header header;

    memset(&header, 0, sizeof(header));
    header.ptr_size = p == 4 ? 1 : p == 8 ? 0 : 0x80 | p;
    header.fail_read = fail_read;
    header.dst_chars = 3;
    header.base = FUZZ_LOADER_BASE;
    header.peb = FUZZ_LOADER_BASE;
    memcpy(seed, &header, sizeof(header));
    memcpy(seed + sizeof(header), space, size);
    write_seed("loader", name, seed, sizeof(header) + size);
}

static void gen_loader(void)
{
    unsigned char space[4096];
    size_t size;

    size = build_list(space, 8, 3, 0);
    write_loader("valid-x64", 8, space, size, 0);
    write_loader("valid-x64-failing-read", 8, space, size, 4);
    size = build_list(space, 4, 3, 0);
    write_loader("valid-x86", 4, space, size, 0);
    size = build_list(space, 8, 2, 1);
    write_loader("valid-x64-no-base-names", 8, space, size, 0);
    size = build_list(space, 8, 0, 0);
    write_loader("valid-x64-empty", 8, space, size, 0);
    size = build_list(space, 4, 2, 4);
    write_loader("not-ready-x86", 4, space, size, 0);
    size = build_list(space, 8, 3, 2);
    write_loader("corrupt-loop-x64", 8, space, size, 0);
    size = build_list(space, 4, 3, 0);
    write_loader("corrupt-truncated-x86", 4, space, L_ENTRIES + 2 * loader_entry_size(4), 0);
    /* found by fuzz_loader: loader_find after an init that failed past the PEB
     * (NULL list head) restarted the walk and answered LOADER_CORRUPT */
    size = build_list(space, 8, 2, 8);
    write_loader("regress-null-head", 8, space, size, 0);
    /* found by fuzz_loader: the walk after an init refused for its pointer size divided by 0 */
    write_loader("regress-ptr-size-0", 0, space, 64, 0);
}

/* ------------------------------------------------------------------ workingset */

static void gen_workingset(void)
{
    uintptr_t words[16];
    unsigned char *bytes = (unsigned char *)words;
    struct wsex_block ex;

    /* QueryWorkingSet: NumberOfEntries 3 then three blocks; byte 4 asks a builder
     * of 40 bytes (4 blocks) */
    memset(words, 0, sizeof(words));
    words[0] = 3;
    words[1] = 0x400000 | 1 | 1 << 5 | 1 << 8;
    words[2] = 0x401000 | 6;
    words[3] = 0x7ffe0000 | 4 | 8;
    bytes[4] = 40;
    write_seed("workingset", "valid-info", words, 4 * sizeof(uintptr_t));

    /* builder pairs (page, QueryWorkingSetEx attributes), resident and not;
     * GetWsChanges: returned 32 of 16-byte records */
    memset(words, 0, sizeof(words));
    memset(&ex, 0, sizeof(ex));
    ex.valid = 1;
    ex.share_count = 2;
    ex.win32_protection = WS_PAGE_READWRITE;
    ex.shared = 1;
    bytes[0] = 0;
    bytes[1] = 32;
    bytes[4] = 24;
    bytes[5] = 3;
    words[1] = 0x10000;
    words[2] = wsex_block_pack(&ex);
    words[3] = 0x11000;
    words[4] = 0;
    words[5] = 0x12000;
    ex.win32_protection = WS_PAGE_EXECUTE_READ | WS_PAGE_GUARD;
    words[6] = wsex_block_pack(&ex);
    words[7] = 0x13000;
    words[8] = wsex_block_pack(&ex);
    write_seed("workingset", "valid-builder", words, 9 * sizeof(uintptr_t));

    /* GetWsChanges(Ex) records: two faults then the end record */
    memset(words, 0, sizeof(words));
    bytes[0] = 1;
    bytes[1] = 3 * WSWATCH_EX_SIZE;
    words[1] = 0x401234;
    words[4] = 0x405678;
    write_seed("workingset", "valid-watch-ex", words, 12 * sizeof(uintptr_t));

    /* NumberOfEntries past the buffer */
    memset(words, 0, sizeof(words));
    words[0] = (uintptr_t)-1 / 2;
    write_seed("workingset", "corrupt-count", words, 3 * sizeof(uintptr_t));
}

/* ------------------------------------------------------------------ snapshot */

static void gen_snapshot(void)
{
    static const uint32_t counts[][TH32_LIST_COUNT] = { { 3, 7, 0, 0 }, { 1, 0, 4, 2 } };
    unsigned char seed[1024];
    struct th32_header header;
    size_t size;

    for (int n = 0; n < 2; n++)
    {
        /* the header of a real layout, then: first, next x3, cursor past the end, recheck */
        static const uint8_t ops[][FUZZ_SNAPSHOT_OP_SIZE] =
        {
            { FUZZ_OP_FIRST << 2 | TH32_LIST_PROCESS }, { FUZZ_OP_NEXT << 2 | TH32_LIST_PROCESS },
            { FUZZ_OP_NEXT << 2 | TH32_LIST_PROCESS }, { FUZZ_OP_NEXT << 2 | TH32_LIST_PROCESS },
            { FUZZ_OP_FIRST << 2 | TH32_LIST_THREAD }, { FUZZ_OP_NEXT << 2 | TH32_LIST_MODULE },
            { FUZZ_OP_CURSOR << 2 | TH32_LIST_THREAD, 0xff, 0xff, 0xff, 0x7f },
            { FUZZ_OP_CURSOR << 2 | TH32_LIST_HEAPLIST, 1 },
            { FUZZ_OP_RECHECK << 2 },
        };
        unsigned char *mem = calloc(1, th32_layout_size(counts[n]));

        th32_layout_init(mem, counts[n], 0xf, 100);
        memcpy(&header, mem, sizeof(header));
        free(mem);
        memcpy(seed, &header, sizeof(header));
        memcpy(seed + sizeof(header), ops, sizeof(ops));
        size = sizeof(header) + sizeof(ops);
        write_seed("snapshot", n ? "valid-modules" : "valid-processes", seed, size);

        if (n) continue;
        /* a table past the snapshot's size, a misaligned table */
        header.size -= 8;
        memcpy(seed, &header, sizeof(header));
        write_seed("snapshot", "corrupt-size", seed, size);
        header.size += 8;
        header.tables[TH32_LIST_THREAD].offset += 4;
        memcpy(seed, &header, sizeof(header));
        write_seed("snapshot", "corrupt-offset", seed, size);
    }
}

static void gen_heaprecord(void)
{
    unsigned char seed[sizeof(struct fuzz_heaprecord_header) + 3 * sizeof(struct heap_block)];
    struct fuzz_heaprecord_header header = {0};
    struct heap_block blocks[3] = {{0x10000, 0x10000, 32, 1, 0}, {0x10020, 0x10020, 64, 2, 0},
                                   {0x10060, 0x10060, 16, 1, 0}};

    header.claimed = sizeof(blocks);
    header.max_records = 1000;
    memcpy(seed, &header, sizeof(header));
    memcpy(seed + sizeof(header), blocks, sizeof(blocks));
    write_seed("heaprecord", "valid-blocks", seed, sizeof(seed));
    header.claimed = sizeof(blocks) + 1;
    memcpy(seed, &header, sizeof(header));
    write_seed("heaprecord", "corrupt-partial", seed, sizeof(seed));
    header.claimed = ~0ull;
    memcpy(seed, &header, sizeof(header));
    write_seed("heaprecord", "corrupt-huge", seed, sizeof(seed));
    header.claimed = 2 * sizeof(struct heap_summary);
    header.kind = 1;
    memcpy(seed, &header, sizeof(header));
    write_seed("heaprecord", "valid-summaries", seed, sizeof(header) + 2 * sizeof(struct heap_summary));
}

static void gen_ntstring(void)
{
    unsigned char seed[sizeof(struct fuzz_ntstring_header) + 16 + 12];
    struct fuzz_ntstring_header header = {16, 12, 16, 0};

    memset(seed, 'a', sizeof(seed));
    memcpy(seed, &header, sizeof(header));
    write_seed("ntstring", "valid", seed, sizeof(seed));
    header.length = 14;
    memcpy(seed, &header, sizeof(header));
    write_seed("ntstring", "corrupt-length", seed, sizeof(seed));
    header.length = 4;
    header.offset = -8;
    memcpy(seed, &header, sizeof(header));
    write_seed("ntstring", "corrupt-before", seed, sizeof(seed));
}

int main(int argc, char **argv)
{
    out_dir = argc > 1 ? argv[1] : "tests/fuzz/corpus";
    if (mkdir(out_dir, 0777) && errno != EEXIST)
    {
        perror(out_dir);
        return 1;
    }
    gen_sysproc();
    gen_loader();
    gen_workingset();
    gen_snapshot();
    gen_heaprecord();
    gen_ntstring();
    return 0;
}
