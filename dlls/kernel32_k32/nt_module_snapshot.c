/*
 * The NT layer of Toolhelp32 module snapshots (see nt.h): the module list of
 * a process, whole entries read twice from another process so that a list
 * changing while it is read is told apart from a list read whole.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stddef.h>
#include <string.h>

#include "nt_loader_list.h"
#include <psapi.h>

struct info_sink
{
    struct nt_module_info *modules;
    ULONG count;
    SIZE_T capacity;
};

/* One entry, zeroed past its names so that two readings compare whole. */
static NTSTATUS read_info(const struct loader_walk *walk, const struct loader_module *module,
                          struct nt_module_info *info)
{
    size_t chars;

    memset(info, 0, sizeof(*info));
    info->base = (ULONG_PTR)module->base;
    info->size = module->size_of_image;
    if (loader_read_base_name(walk, module, (uint16_t *)info->name, ARRAY_SIZE(info->name), &chars)
        || read_full_path(walk, module, info->path, ARRAY_SIZE(info->path), &chars))
        return STATUS_PARTIAL_COPY;
    return STATUS_SUCCESS;
}

static NTSTATUS add_info(void *ctx, const struct loader_walk *walk, const struct loader_module *module)
{
    struct info_sink *sink = ctx;
    struct nt_module_info *modules = nt_array_room(sink->modules, sink->count, &sink->capacity, sizeof(*modules),
                                                   32, FALSE);
    NTSTATUS status;

    if (!modules) return STATUS_NO_MEMORY;
    sink->modules = modules;
    if ((status = read_info(walk, module, &sink->modules[sink->count]))) return status;
    sink->count++;
    return STATUS_SUCCESS;
}

/* The second reading of another process's list, against the first. */
struct check_sink
{
    const struct info_sink *first;
    ULONG index;
    BOOL differs;
};

static NTSTATUS check_info(void *ctx, const struct loader_walk *walk, const struct loader_module *module)
{
    struct check_sink *check = ctx;
    struct nt_module_info again;
    NTSTATUS status;

    if ((status = read_info(walk, module, &again))) return status;
    if (check->index >= check->first->count
        || memcmp(&again, &check->first->modules[check->index], sizeof(again)))
        check->differs = TRUE;
    check->index++;
    return STATUS_SUCCESS;
}

/* Another process may load or free a DLL while its list is read, a page at
 * a time: a read that fails half-way, or a second reading from fresh pages
 * that differs from the first, means the list changed under the reader --
 * the documented ERROR_BAD_LENGTH, which the caller retries
 * (CreateToolhelp32Snapshot page). The calling process is read under the
 * loader lock and cannot change. */
static NTSTATUS read_module_list(struct target *t, DWORD filter, struct info_sink *sink)
{
    struct check_sink check = { sink, 0, FALSE };
    NTSTATUS status = for_each_module(t, filter, add_info, sink);

    if (!t->reader.process) return status;
    if (!status)
    {
        reader_forget(&t->reader);    /* the second reading from fresh pages */
        status = for_each_module(t, filter, check_info, &check);
        if (!status && (check.differs || check.index != sink->count)) return K32_STATUS_LIST_CHANGED;
    }
    if (status == STATUS_PARTIAL_COPY && t->list_reached) return K32_STATUS_LIST_CHANGED;
    return status;
}

NTSTATUS nt_module_list_filtered(DWORD pid, DWORD filter, struct nt_module_info **modules, ULONG *count)
{
    struct info_sink sink = { NULL, 0, 0 };
    HANDLE process = GetCurrentProcess();
    struct target t;
    NTSTATUS status;

    *modules = NULL;
    *count = 0;
    if (pid && pid != GetCurrentProcessId()
        && (status = nt_open_process(pid, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, &process)))
        return status;
    if (!(status = target_open(&t, process))) status = read_module_list(&t, filter, &sink);
    if (status == STATUS_PARTIAL_COPY && t.reader.status) status = t.reader.status;
    target_close(&t);
    if (process != GetCurrentProcess()) NtClose(process);
    if (status)
    {
        nt_free(sink.modules);
        return status;
    }
    *modules = sink.modules;
    *count = sink.count;
    return STATUS_SUCCESS;
}

NTSTATUS nt_module_list(DWORD pid, struct nt_module_info **modules, ULONG *count)
{
    return nt_module_list_filtered(pid, LIST_MODULES_DEFAULT, modules, count);
}

