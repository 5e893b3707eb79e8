/*
 * Snapshot storage: the one owner of where a Toolhelp32 snapshot's bytes
 * live (see snapstore.h).
 *
 * Two backings, chosen per snapshot:
 * - a delete-on-close temporary file (under Wine a transfer at an offset
 *   costs no server round trip once the handle's fd is known);
 * - a pagefile-backed section, as Windows keeps its snapshots: it needs no
 *   file system, so it serves whenever the file cannot be made or written
 *   (no %TEMP%, one that cannot be written, a full disk), and whenever it
 *   has been the cheaper one to make and walk (a large or slow %TEMP%: see
 *   choose_backing). A walk step goes through a cached view of it.
 * Both are made on the calling thread: no helper thread ever shows in the
 * caller's own thread list.
 *
 * A walk is given any handle. Before anything is read or written through
 * it, it is proven to be a snapshot object, with queries that never read,
 * write or wait on the object itself: its type (NtQueryObject), then for a
 * file its device (a disk), its mode (synchronous) and its name (ours:
 * th32-*.tmp), for a section its kind and size. A handle proven once is
 * remembered by value with its file id and size (queries answered without
 * a server round trip under Wine); a value that was closed and reused by
 * another object no longer matches and is proven again.
 *
 * https://learn.microsoft.com/windows/win32/api/tlhelp32/nf-tlhelp32-createtoolhelp32snapshot
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "snapstore.h"
#include <winioctl.h>
#include "core/layout.h"

#define TEMP_PREFIX L"th32-"
#define TEMP_SUFFIX L".tmp"
#define SNAPSHOT_MAX_SIZE 0x40000000u   /* what a section backing is mapped for at most */

/* ------------------------------------------------------------------ file backing */

static NTSTATUS temp_file_create(BOOL inherit, HANDLE *file)
{
    static volatile LONG counter;
    WCHAR path[MAX_PATH + 64];
    UNICODE_STRING nt_path;
    OBJECT_ATTRIBUTES attr;
    IO_STATUS_BLOCK io;
    NTSTATUS status;
    DWORD len;

    len = GetTempPathW(MAX_PATH, path);
    if (!len || len >= MAX_PATH) return STATUS_OBJECT_PATH_NOT_FOUND;
    for (int attempt = 0; attempt < 16; attempt++)
    {
        wsprintfW(path + len, TEMP_PREFIX L"%x-%x-%x" TEMP_SUFFIX, GetCurrentProcessId(),
                  (unsigned int)InterlockedIncrement(&counter), GetTickCount());
        if (!RtlDosPathNameToNtPathName_U(path, &nt_path, NULL, NULL)) return STATUS_OBJECT_NAME_INVALID;
        InitializeObjectAttributes(&attr, &nt_path, OBJ_CASE_INSENSITIVE | (inherit ? OBJ_INHERIT : 0),
                                   NULL, NULL);
        /* No sharing: only the holders of this handle and its copies see the data.
         * No attributes: Wine stores any in an extended attribute, a third of
         * the cost of the creation. */
        status = NtCreateFile(file, GENERIC_READ | GENERIC_WRITE | DELETE | SYNCHRONIZE, &attr, &io,
                              NULL, 0, 0, FILE_CREATE,
                              FILE_DELETE_ON_CLOSE | FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
                              NULL, 0);
        RtlFreeUnicodeString(&nt_path);
        if (status != STATUS_OBJECT_NAME_COLLISION) return status;
    }
    return STATUS_OBJECT_NAME_COLLISION;
}

/* No event, APC or completion context: a synchronous transfer at an explicit
 * offset, which Wine serves without a server round trip once it knows the
 * fd. Exactly size bytes or an error: a short read is STATUS_END_OF_FILE. */
static NTSTATUS file_transfer(HANDLE file, ULONG offset, void *buffer, ULONG size, BOOL write)
{
    LARGE_INTEGER pos;
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    pos.QuadPart = offset;
    if (write) status = NtWriteFile(file, NULL, NULL, NULL, &io, buffer, size, &pos, NULL);
    else status = NtReadFile(file, NULL, NULL, NULL, &io, buffer, size, &pos, NULL);
    if (!status && io.Information != size) status = write ? STATUS_DISK_FULL : STATUS_END_OF_FILE;
    return status;
}

static NTSTATUS file_snapshot(const void *data, ULONG size, BOOL inherit, HANDLE *handle)
{
    NTSTATUS status;

    if ((status = temp_file_create(inherit, handle))) return status;
    if ((status = file_transfer(*handle, 0, (void *)data, size, TRUE))) NtClose(*handle);
    return status;
}

/* ------------------------------------------------------------------ memory backing */

static NTSTATUS map_section(HANDLE section, SIZE_T size, BYTE **view)
{
    LARGE_INTEGER offset;
    SIZE_T view_size = size;

    *view = NULL;
    offset.QuadPart = 0;
    return NtMapViewOfSection(section, GetCurrentProcess(), (void **)view, 0, 0, &offset, &view_size,
                              ViewUnmap, 0, PAGE_READWRITE);
}

static NTSTATUS memory_snapshot(const void *data, ULONG size, BOOL inherit, HANDLE *handle)
{
    OBJECT_ATTRIBUTES attr;
    LARGE_INTEGER max;
    NTSTATUS status;
    BYTE *view;

    InitializeObjectAttributes(&attr, NULL, inherit ? OBJ_INHERIT : 0, NULL, NULL);
    max.QuadPart = size;
    /* no file handle: backed by the paging file */
    status = NtCreateSection(handle, SECTION_QUERY | SECTION_MAP_READ | SECTION_MAP_WRITE, &attr, &max,
                             PAGE_READWRITE, SEC_COMMIT, NULL);
    if (status) return status;
    if (!(status = map_section(*handle, size, &view)))
    {
        memcpy(view, data, size);
        NtUnmapViewOfSection(GetCurrentProcess(), view);
    }
    if (status) NtClose(*handle);
    return status;
}

/* ------------------------------------------------------------------ choosing a backing */

/* Making a file costs what the file system makes it cost: under Wine a scan
 * of the whole of %TEMP% for the new name (measured: 45 us in an empty
 * folder, 650 us in one of 3000 files; an ext4 folder does not shrink when
 * emptied), more on a slow or network drive. A section costs about the same
 * everywhere, but under Wine each walk step on it costs a server round trip
 * (proving the caller's handle), where a step on a file costs none. So what
 * making a snapshot and what one walk step cost with each backing are
 * measured as they are used (running averages), and a snapshot gets the
 * backing that makes it and walks all its entries the cheaper, the file when
 * they tie; the other one is tried again every RETRY_OTHER snapshots, as
 * %TEMP% may have changed. K32_SNAPSTORE=file or =memory in the environment
 * picks one (tests, tools/bench). */
enum backing { BACKING_FILE, BACKING_MEMORY };

#define RETRY_OTHER 64
/* QueryPerformanceCounter ticks (LONGs: read whole on every target); 0: not measured */
#define COST_MAX 0x10000000
static volatile LONG create_cost[2], step_cost[2];
static volatile LONG backing_uses;

static BOOL backing_forced(enum backing *backing)
{
    WCHAR value[16];
    DWORD len = GetEnvironmentVariableW(L"K32_SNAPSTORE", value, ARRAY_SIZE(value));

    if (!len || len >= ARRAY_SIZE(value)) return FALSE;
    if (!lstrcmpiW(value, L"memory")) *backing = BACKING_MEMORY;
    else if (!lstrcmpiW(value, L"file")) *backing = BACKING_FILE;
    else return FALSE;
    return TRUE;
}

/* The cost of making a snapshot with steps walk steps in all. */
static LONGLONG snapshot_cost(enum backing backing, ULONG steps)
{
    return create_cost[backing] + (LONGLONG)steps * step_cost[backing];
}

static enum backing choose_backing(ULONG steps)
{
    LONG use = InterlockedIncrement(&backing_uses);
    enum backing cheaper = create_cost[BACKING_MEMORY]
                           && snapshot_cost(BACKING_MEMORY, steps) < snapshot_cost(BACKING_FILE, steps)
                           ? BACKING_MEMORY : BACKING_FILE;
    enum backing other = cheaper == BACKING_FILE ? BACKING_MEMORY : BACKING_FILE;

    if (!create_cost[other] ? use > 1 : !(use % RETRY_OTHER)) return other;
    return cheaper;
}

static void measured(volatile LONG *cost, LONGLONG ticks)
{
    LONG old = *cost, sample = (LONG)max(1, min(ticks, COST_MAX));

    InterlockedExchange(cost, old ? (3 * old + sample) / 4 : sample);
}

/* Every step a whole walk of the snapshot data takes: each entry, and the
 * step that finds no more, of each list. */
static ULONG walk_steps(const void *data, ULONG size)
{
    const struct th32_header *header = data;
    ULONG steps = 0;

    if (size < sizeof(*header)) return 0;
    for (unsigned int i = 0; i < TH32_LIST_COUNT; i++)
        if (header->tables[i].count) steps += header->tables[i].count + 1;
    return steps;
}

static LONGLONG ticks_now(void)
{
    LARGE_INTEGER now;

    QueryPerformanceCounter(&now);
    return now.QuadPart;
}

/* ------------------------------------------------------------------ proving a handle */

/* Handles proven to be snapshot files, by value, with what identifies the file. */
struct proven_file
{
    HANDLE   handle;
    LONGLONG file_id;
    LONGLONG size;
};

#define PROVEN_FILES 64
static struct proven_file proven[PROVEN_FILES];
static unsigned int proven_next;
static SRWLOCK proven_lock = SRWLOCK_INIT;

/* The file id and size of a file handle: answered from the handle's fd under
 * Wine, neither of them touches the file's data or position. */
static BOOL file_identity(HANDLE file, LONGLONG *id, LONGLONG *size)
{
    FILE_INTERNAL_INFORMATION internal;
    FILE_STANDARD_INFORMATION standard;
    IO_STATUS_BLOCK io;

    if (NtQueryInformationFile(file, &io, &internal, sizeof(internal), FileInternalInformation)) return FALSE;
    if (NtQueryInformationFile(file, &io, &standard, sizeof(standard), FileStandardInformation)) return FALSE;
    if (standard.Directory) return FALSE;
    *id = internal.IndexNumber.QuadPart;
    *size = standard.EndOfFile.QuadPart;
    return TRUE;
}

static BOOL is_proven(HANDLE file)
{
    LONGLONG id = 0, size = 0;
    BOOL found = FALSE, known;

    AcquireSRWLockShared(&proven_lock);
    for (unsigned int i = 0; i < PROVEN_FILES && !found; i++)
        found = proven[i].handle == file;
    ReleaseSRWLockShared(&proven_lock);
    if (!found) return FALSE;
    known = file_identity(file, &id, &size);

    found = FALSE;
    AcquireSRWLockExclusive(&proven_lock);
    for (unsigned int i = 0; i < PROVEN_FILES; i++)
    {
        if (proven[i].handle != file) continue;
        if (known && proven[i].file_id == id && proven[i].size == size) found = TRUE;
        /* the value names something else now: forget it (asking a handle that
         * is no file about a file costs a server round trip or more) */
        else proven[i].handle = NULL;
    }
    ReleaseSRWLockExclusive(&proven_lock);
    return found;
}

static void remember(HANDLE file, LONGLONG id, LONGLONG size)
{
    unsigned int i;

    AcquireSRWLockExclusive(&proven_lock);
    for (i = 0; i < PROVEN_FILES; i++) if (proven[i].handle == file) break;
    if (i == PROVEN_FILES) i = proven_next++ % PROVEN_FILES;
    proven[i].handle = file;
    proven[i].file_id = id;
    proven[i].size = size;
    ReleaseSRWLockExclusive(&proven_lock);
}

/* TRUE when name (not NUL-terminated) ends in a component th32-*.tmp */
static BOOL is_snapshot_name(const WCHAR *name, size_t chars)
{
    static const WCHAR prefix[] = TEMP_PREFIX, suffix[] = TEMP_SUFFIX;
    const size_t prefix_len = ARRAY_SIZE(prefix) - 1, suffix_len = ARRAY_SIZE(suffix) - 1;
    size_t start = chars;

    while (start && name[start - 1] != '\\') start--;
    if (chars - start < prefix_len + suffix_len) return FALSE;
    return !memcmp(name + start, prefix, prefix_len * sizeof(WCHAR))
           && !memcmp(name + chars - suffix_len, suffix, suffix_len * sizeof(WCHAR));
}

/* A file handle: a synchronous file on a disk, named like ours. */
static NTSTATUS prove_file(HANDLE file)
{
    union { FILE_NAME_INFORMATION info; BYTE bytes[sizeof(FILE_NAME_INFORMATION) + MAX_PATH * 2 * sizeof(WCHAR)]; } name;
    FILE_FS_DEVICE_INFORMATION device;
    FILE_MODE_INFORMATION mode;
    IO_STATUS_BLOCK io;
    LONGLONG id, size;

    /* a pipe, a socket, a console, a device: not a disk */
    if (NtQueryVolumeInformationFile(file, &io, &device, sizeof(device), FileFsDeviceInformation)
        || (device.DeviceType != FILE_DEVICE_DISK && device.DeviceType != FILE_DEVICE_DISK_FILE_SYSTEM))
        return STATUS_INVALID_HANDLE;
    /* ours are synchronous: a transfer on any other would be left pending */
    if (NtQueryInformationFile(file, &io, &mode, sizeof(mode), FileModeInformation)
        || !(mode.Mode & FILE_SYNCHRONOUS_IO_NONALERT))
        return STATUS_INVALID_HANDLE;
    if (NtQueryInformationFile(file, &io, &name, sizeof(name), FileNameInformation)
        || name.info.FileNameLength > sizeof(name) - offsetof(FILE_NAME_INFORMATION, FileName)
        || !is_snapshot_name(name.info.FileName, name.info.FileNameLength / sizeof(WCHAR)))
        return STATUS_INVALID_HANDLE;
    if (!file_identity(file, &id, &size) || size < (LONGLONG)sizeof(struct th32_header)) return STATUS_INVALID_HANDLE;
    remember(file, id, size);
    return STATUS_SUCCESS;
}

/* Sections proven once, by the caller's handle value, with a handle and a
 * view of our own: a later step only asks whether the caller's handle still
 * names the same object (NtCompareObjects, one server round trip) instead of
 * querying and mapping it again. A closed handle fails that question; a
 * value reused by another object does not match. The views are held under
 * the lock (shared by walk steps, exclusive to replace one). */
struct proven_section
{
    HANDLE handle;      /* the caller's value */
    HANDLE own;         /* our duplicate: keeps the object and the view valid */
    BYTE  *view;
    SIZE_T size;
    ULONG  last_use;
};

#define PROVEN_SECTIONS 8
static struct proven_section sections[PROVEN_SECTIONS];
static volatile LONG section_clock;
static SRWLOCK section_lock = SRWLOCK_INIT;

/* Takes the shared lock and fills access when handle is a cached section. */
static BOOL cached_section(HANDLE handle, struct snapstore_access *access)
{
    AcquireSRWLockShared(&section_lock);
    for (unsigned int i = 0; i < PROVEN_SECTIONS; i++)
    {
        if (sections[i].handle != handle || !sections[i].own) continue;
        if (nt_same_object(handle, sections[i].own)) break;
        sections[i].last_use = (ULONG)InterlockedIncrement(&section_clock);
        access->view = sections[i].view;
        access->view_size = sections[i].size;
        access->cached = TRUE;
        return TRUE;
    }
    ReleaseSRWLockShared(&section_lock);
    return FALSE;
}

/* Keeps a proven section's view, with a handle of our own, in place of the
 * least recently used one. FALSE when it cannot (the view stays the caller's). */
static BOOL cache_section(HANDLE handle, const struct snapstore_access *access)
{
    struct proven_section *slot = &sections[0];
    HANDLE own;

    if (nt_same_object(handle, handle) == STATUS_NOT_IMPLEMENTED) return FALSE;
    if (!DuplicateHandle(GetCurrentProcess(), handle, GetCurrentProcess(), &own, 0, FALSE, DUPLICATE_SAME_ACCESS))
        return FALSE;
    AcquireSRWLockExclusive(&section_lock);
    for (unsigned int i = 0; i < PROVEN_SECTIONS; i++)
    {
        if (sections[i].handle == handle || !sections[i].own) { slot = &sections[i]; break; }
        if (sections[i].last_use < slot->last_use) slot = &sections[i];
    }
    if (slot->own)
    {
        NtUnmapViewOfSection(GetCurrentProcess(), slot->view);
        NtClose(slot->own);
    }
    slot->handle = handle;
    slot->own = own;
    slot->view = access->view;
    slot->size = access->view_size;
    slot->last_use = (ULONG)InterlockedIncrement(&section_clock);
    ReleaseSRWLockExclusive(&section_lock);
    return TRUE;
}

/* A section handle: a committed pagefile section of a snapshot's size. */
static NTSTATUS prove_section(HANDLE section, struct snapstore_access *access)
{
    SECTION_BASIC_INFORMATION info;
    const struct th32_header *header;
    NTSTATUS status;

    if (NtQuerySection(section, SectionBasicInformation, &info, sizeof(info), NULL))
        return STATUS_INVALID_HANDLE;
    if ((info.Attributes & (SEC_IMAGE | SEC_RESERVE)) || !(info.Attributes & SEC_COMMIT)
        || info.Size.QuadPart < (LONGLONG)sizeof(struct th32_header) || info.Size.QuadPart > SNAPSHOT_MAX_SIZE)
        return STATUS_INVALID_HANDLE;
    if ((status = map_section(section, (SIZE_T)info.Size.QuadPart, &access->view))) return STATUS_INVALID_HANDLE;
    access->view_size = (SIZE_T)info.Size.QuadPart;
    header = (const struct th32_header *)access->view;
    if (header->magic != TH32_MAGIC || header->size > access->view_size)
    {
        NtUnmapViewOfSection(GetCurrentProcess(), access->view);
        access->view = NULL;
        return STATUS_INVALID_HANDLE;
    }
    return STATUS_SUCCESS;
}

NTSTATUS snapstore_create(const void *data, ULONG size, BOOL inherit, HANDLE *handle)
{
    enum backing backing;
    LONGLONG start = ticks_now();
    LONGLONG id, file_size;
    NTSTATUS status;

    if (!backing_forced(&backing)) backing = choose_backing(walk_steps(data, size));
    if (backing == BACKING_MEMORY)
    {
        if (!(status = memory_snapshot(data, size, inherit, handle)))
            measured(&create_cost[BACKING_MEMORY], ticks_now() - start);
        return status;
    }
    if (!(status = file_snapshot(data, size, inherit, handle)))
    {
        measured(&create_cost[BACKING_FILE], ticks_now() - start);
        /* our own new file needs no proof; its fd is known by now (the write) */
        if (file_identity(*handle, &id, &file_size)) remember(*handle, id, file_size);
        return STATUS_SUCCESS;
    }
    /* whatever keeps the file from being made or written, memory still
     * works; the file is charged with both, it was no use */
    if ((status = memory_snapshot(data, size, inherit, handle))) return status;
    measured(&create_cost[BACKING_FILE], ticks_now() - start);
    return STATUS_SUCCESS;
}

NTSTATUS snapstore_open(HANDLE handle, struct snapstore_access *access)
{
    union { PUBLIC_OBJECT_TYPE_INFORMATION info; BYTE bytes[256]; } type;
    static const WCHAR file[] = L"File", section[] = L"Section";
    const UNICODE_STRING *name = &type.info.TypeName;

    access->handle = handle;
    access->view = NULL;
    access->view_size = 0;
    access->cached = FALSE;
    access->opened = ticks_now();
    if (!handle || handle == INVALID_HANDLE_VALUE) return STATUS_INVALID_HANDLE;
    if (is_proven(handle) || cached_section(handle, access)) return STATUS_SUCCESS;
    if (NtQueryObject(handle, ObjectTypeInformation, &type, sizeof(type), NULL)) return STATUS_INVALID_HANDLE;
    if (name->Length == sizeof(file) - sizeof(WCHAR) && !memcmp(name->Buffer, file, name->Length))
        return prove_file(handle);
    if (name->Length == sizeof(section) - sizeof(WCHAR) && !memcmp(name->Buffer, section, name->Length))
    {
        NTSTATUS status = prove_section(handle, access);

        /* from now on, a cached view serves this handle */
        if (status || !cache_section(handle, access)) return status;
        access->view = NULL;
        if (cached_section(handle, access)) return STATUS_SUCCESS;
        return prove_section(handle, access);   /* replaced meanwhile: a view of its own */
    }
    return STATUS_INVALID_HANDLE;
}

NTSTATUS snapstore_read(struct snapstore_access *access, ULONG offset, void *buffer, ULONG size)
{
    if (!access->view) return file_transfer(access->handle, offset, buffer, size, FALSE);
    if (offset > access->view_size || size > access->view_size - offset) return STATUS_END_OF_FILE;
    memcpy(buffer, access->view + offset, size);
    return STATUS_SUCCESS;
}

NTSTATUS snapstore_write(struct snapstore_access *access, ULONG offset, const void *buffer, ULONG size)
{
    if (!access->view) return file_transfer(access->handle, offset, (void *)buffer, size, TRUE);
    if (offset > access->view_size || size > access->view_size - offset) return STATUS_END_OF_FILE;
    memcpy(access->view + offset, buffer, size);
    return STATUS_SUCCESS;
}

void snapstore_close(struct snapstore_access *access)
{
    measured(&step_cost[access->view ? BACKING_MEMORY : BACKING_FILE], ticks_now() - access->opened);
    if (access->cached) ReleaseSRWLockShared(&section_lock);
    else if (access->view) NtUnmapViewOfSection(GetCurrentProcess(), access->view);
    access->view = NULL;
    access->cached = FALSE;
}
