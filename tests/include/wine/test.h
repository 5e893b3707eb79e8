/*
 * wine/test.h - the winetest API for the conformance suite
 *
 * Our own, header-only implementation of the test API used by Wine's test
 * suites (ok, todo_wine, broken, skip, win_skip, trace, contexts, child
 * processes, START_TEST), written from its documented behaviour, so that a
 * test file builds unchanged here and in Wine's tree.
 *
 * Every test file includes this header.  Exactly one translation unit of a
 * test program defines STANDALONE before including it; that unit also
 * defines the list of tests:
 *
 *     #define STANDALONE
 *     #include "wine/test.h"
 *     extern void func_toolhelp(void);
 *     const struct test winetest_testlist[] = { { "toolhelp", func_toolhelp }, { 0, 0 } };
 *
 * and receives main(), the shared state and the out-of-line functions.
 *
 * Environment: WINETEST_PLATFORM ("windows" or "wine", default: detected),
 * WINETEST_DEBUG (default 1; 0 prints failures only), WINETEST_INTERACTIVE,
 * WINETEST_REPORT_SUCCESS (1 prints a line for each successful test),
 * WINETEST_COUNTS (default 1: before the summary, one line per function that
 * holds checks, "file.c: function: N checks executed", N the checks written
 * in that function that ran; tools/trace-check reads these lines; 0: none).
 * winetest_count_tag(tag) (ours, not Wine's) splits the counts of a
 * table-driven test by row: "file.c: function[tag]: N checks executed".
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __WINE_WINE_TEST_H
#define __WINE_WINE_TEST_H

#include <windows.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
# define WINETEST_PRINTF_ATTR(fmt, args) __attribute__((format(printf, fmt, args)))
#else
# define WINETEST_PRINTF_ATTR(fmt, args)
#endif

/* ------------------------------------------------------------------------
 * Public state
 */

extern int winetest_debug;              /* WINETEST_DEBUG, default 1 */
extern int winetest_interactive;        /* WINETEST_INTERACTIVE, default 0 */
extern int winetest_report_success;     /* WINETEST_REPORT_SUCCESS, default 0 */
extern const char *winetest_platform;   /* "windows" or "wine" */
extern DWORD winetest_child_timeout;    /* ms wait_child_process waits, default 30000 */

#define winetest_platform_is_wine    (!strcmp(winetest_platform, "wine"))
#define winetest_platform_is_windows (!strcmp(winetest_platform, "windows"))

struct test
{
    const char *name;
    void (*func)(void);
};

/* ------------------------------------------------------------------------
 * Public functions (defined in the STANDALONE translation unit)
 */

extern void winetest_set_location(const char *file, int line);
extern void winetest_set_function(const char *file, const char *func);
extern void winetest_count_tag(const char *tag);
extern void winetest_start_todo(int is_todo);
extern int  winetest_loop_todo(void);
extern void winetest_end_todo(void);
extern void winetest_start_flaky(int is_flaky);
extern int  winetest_loop_flaky(void);
extern void winetest_end_flaky(void);
extern int  winetest_vok(int condition, const char *msg, va_list args);
extern void winetest_ok(int condition, const char *msg, ...) WINETEST_PRINTF_ATTR(2, 3);
extern void winetest_vskip(const char *msg, va_list args);
extern void winetest_skip(const char *msg, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_win_skip(const char *msg, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_vtrace(const char *msg, va_list args);
extern void winetest_trace(const char *msg, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_push_context(const char *fmt, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_pop_context(void);
extern int  winetest_get_mainargs(char ***pargv);
extern DWORD winetest_wait_child_process(HANDLE process);
extern void winetest_add_failures(LONG new_failures);
extern LONG winetest_get_failures(void);
extern char *winetest_get_temp_buffer(size_t size);
extern const char *wine_dbg_sprintf(const char *format, ...) WINETEST_PRINTF_ATTR(1, 2);

/* ------------------------------------------------------------------------
 * Public macros
 */

#define START_TEST(name) \
    void func_##name(void); \
    void func_##name(void)

/* ok_ also notes the function it is written in, for the executed-check counts */
#define ok_(file, line)       (winetest_set_location(file, line), winetest_set_function(__FILE__, __func__), 0) \
                              ? (void)0 : winetest_ok
#define skip_(file, line)     (winetest_set_location(file, line), 0) ? (void)0 : winetest_skip
#define win_skip_(file, line) (winetest_set_location(file, line), 0) ? (void)0 : winetest_win_skip
#define trace_(file, line)    (winetest_set_location(file, line), 0) ? (void)0 : winetest_trace
#define wait_child_process_(file, line) \
    (winetest_set_location(file, line), 0) ? 0 : winetest_wait_child_process

#define ok       ok_(__FILE__, __LINE__)
#define skip     skip_(__FILE__, __LINE__)
#define win_skip win_skip_(__FILE__, __LINE__)
#define trace    trace_(__FILE__, __LINE__)
#define wait_child_process wait_child_process_(__FILE__, __LINE__)

#define todo_if(is_todo) \
    for (winetest_start_todo((is_todo) ? 1 : 0); winetest_loop_todo(); winetest_end_todo())
#define todo_wine              todo_if(!strcmp(winetest_platform, "wine"))
#define todo_wine_if(is_todo)  todo_if((is_todo) && !strcmp(winetest_platform, "wine"))

#define flaky_if(is_flaky) \
    for (winetest_start_flaky((is_flaky) ? 1 : 0); winetest_loop_flaky(); winetest_end_flaky())
#define flaky                  flaky_if(1)
#define flaky_wine             flaky_if(!strcmp(winetest_platform, "wine"))
#define flaky_wine_if(is_flaky) flaky_if((is_flaky) && !strcmp(winetest_platform, "wine"))

#define broken(x) (strcmp(winetest_platform, "windows") == 0 && (x))

/* ------------------------------------------------------------------------
 * Debug string helpers (inline; results live in a per-thread ring buffer)
 */

static inline const char *wine_dbgstr_an(const char *str, int n)
{
    static const char hex[] = "0123456789abcdef";
    char *buf, *p;
    int i, limit = 500;

    if (!str) return "(null)";
    if (!((ULONG_PTR)str >> 16)) return wine_dbg_sprintf("#%04x", (unsigned int)(ULONG_PTR)str);
    if (n < 0) n = (int)strlen(str);
    if (n > limit) n = limit; else limit = 0;
    p = buf = winetest_get_temp_buffer((size_t)n * 4 + 8);
    *p++ = '"';
    for (i = 0; i < n; i++)
    {
        unsigned char c = (unsigned char)str[i];
        switch (c)
        {
        case '\n': *p++ = '\\'; *p++ = 'n'; break;
        case '\r': *p++ = '\\'; *p++ = 'r'; break;
        case '\t': *p++ = '\\'; *p++ = 't'; break;
        case '"':  *p++ = '\\'; *p++ = '"'; break;
        case '\\': *p++ = '\\'; *p++ = '\\'; break;
        default:
            if (c >= ' ' && c < 0x7f) *p++ = (char)c;
            else
            {
                *p++ = '\\'; *p++ = 'x';
                *p++ = hex[c >> 4]; *p++ = hex[c & 0xf];
            }
        }
    }
    *p++ = '"';
    if (limit) { *p++ = '.'; *p++ = '.'; *p++ = '.'; }
    *p = 0;
    return buf;
}

static inline const char *wine_dbgstr_wn(const WCHAR *str, int n)
{
    static const char hex[] = "0123456789abcdef";
    char *buf, *p;
    int i, limit = 500;

    if (!str) return "(null)";
    if (!((ULONG_PTR)str >> 16)) return wine_dbg_sprintf("#%04x", (unsigned int)(ULONG_PTR)str);
    if (n < 0) for (n = 0; str[n]; n++) ;
    if (n > limit) n = limit; else limit = 0;
    p = buf = winetest_get_temp_buffer((size_t)n * 6 + 9);
    *p++ = 'L';
    *p++ = '"';
    for (i = 0; i < n; i++)
    {
        WCHAR c = str[i];
        switch (c)
        {
        case '\n': *p++ = '\\'; *p++ = 'n'; break;
        case '\r': *p++ = '\\'; *p++ = 'r'; break;
        case '\t': *p++ = '\\'; *p++ = 't'; break;
        case '"':  *p++ = '\\'; *p++ = '"'; break;
        case '\\': *p++ = '\\'; *p++ = '\\'; break;
        default:
            if (c >= ' ' && c < 0x7f) *p++ = (char)c;
            else
            {
                *p++ = '\\'; *p++ = 'x';
                *p++ = hex[(c >> 12) & 0xf]; *p++ = hex[(c >> 8) & 0xf];
                *p++ = hex[(c >> 4) & 0xf];  *p++ = hex[c & 0xf];
            }
        }
    }
    *p++ = '"';
    if (limit) { *p++ = '.'; *p++ = '.'; *p++ = '.'; }
    *p = 0;
    return buf;
}

static inline const char *wine_dbgstr_a(const char *str)
{
    return wine_dbgstr_an(str, -1);
}

static inline const char *wine_dbgstr_w(const WCHAR *str)
{
    return wine_dbgstr_wn(str, -1);
}

static inline const char *wine_dbgstr_longlong(ULONGLONG ll)
{
    if (ll >> 32)
        return wine_dbg_sprintf("%lx%08lx", (unsigned long)(ll >> 32), (unsigned long)(ll & 0xffffffff));
    return wine_dbg_sprintf("%lx", (unsigned long)ll);
}

static inline const char *wine_dbgstr_guid(const GUID *id)
{
    if (!id) return "(null)";
    if (!((ULONG_PTR)id >> 16)) return wine_dbg_sprintf("<guid-0x%04x>", (unsigned int)(ULONG_PTR)id);
    return wine_dbg_sprintf("{%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
                            (unsigned long)id->Data1, id->Data2, id->Data3,
                            id->Data4[0], id->Data4[1], id->Data4[2], id->Data4[3],
                            id->Data4[4], id->Data4[5], id->Data4[6], id->Data4[7]);
}

static inline const char *wine_dbgstr_point(const POINT *pt)
{
    if (!pt) return "(null)";
    return wine_dbg_sprintf("(%ld,%ld)", (long)pt->x, (long)pt->y);
}

static inline const char *wine_dbgstr_size(const SIZE *size)
{
    if (!size) return "(null)";
    return wine_dbg_sprintf("(%ld,%ld)", (long)size->cx, (long)size->cy);
}

static inline const char *wine_dbgstr_rect(const RECT *rect)
{
    if (!rect) return "(null)";
    return wine_dbg_sprintf("(%ld,%ld)-(%ld,%ld)", (long)rect->left, (long)rect->top,
                            (long)rect->right, (long)rect->bottom);
}

/* compare a wide string with an ASCII one */
static inline int strcmp_wa(const WCHAR *strw, const char *stra)
{
    while (*strw && *strw == (WCHAR)(unsigned char)*stra) { strw++; stra++; }
    return (int)*strw - (int)(unsigned char)*stra;
}

/* ------------------------------------------------------------------------
 * Implementation: only in the translation unit that defines STANDALONE
 */

#ifdef STANDALONE

extern const struct test winetest_testlist[];

int winetest_debug = 1;
int winetest_interactive = 0;
int winetest_report_success = 0;
const char *winetest_platform = "windows";
DWORD winetest_child_timeout = 30000;

#define WINETEST_MAX_CONTEXT  16
#define WINETEST_CONTEXT_LEN  160
#define WINETEST_TEMP_SIZE    16384
#define WINETEST_TEMP_MAX     (WINETEST_TEMP_SIZE / 4)   /* largest single temp string */

struct winetest_thread_data
{
    const char *file;
    int line;
    const char *func_file;      /* where the last ok() is written */
    const char *func;
    const char *count_tag;      /* winetest_count_tag */
    int todo_level;
    int todo_do_loop;
    int flaky_level;
    int flaky_do_loop;
    unsigned int context_count;
    char context[WINETEST_MAX_CONTEXT][WINETEST_CONTEXT_LEN];
    size_t temp_pos;
    char temp[WINETEST_TEMP_SIZE];
};

static LONG winetest_successes;
static LONG winetest_failures;       /* failed tests outside todo blocks, child failures */
static LONG winetest_todo_successes; /* unexpected successes inside todo blocks (failures) */
static LONG winetest_todo_failures;  /* expected failures inside todo blocks */
static LONG winetest_flaky_failures;
static LONG winetest_skipped;

static int winetest_argc;
static char **winetest_argv;
static const char *winetest_testname = "";

/* executed checks per function they are written in (see WINETEST_COUNTS) */
#define WINETEST_MAX_FUNCS 1024
static struct { const char *file, *func, *tag; LONG count; } winetest_funcs[WINETEST_MAX_FUNCS];
static unsigned int winetest_func_count;
static int winetest_counts = 1;

static LONG winetest_init_state;     /* 0 none, 1 in progress, 2 done */
static DWORD winetest_tls_index = TLS_OUT_OF_INDEXES;
static CRITICAL_SECTION winetest_output_cs;
static struct winetest_thread_data winetest_fallback_data;

static void winetest_init_once(void)
{
    if (InterlockedCompareExchange(&winetest_init_state, 1, 0) == 0)
    {
        winetest_tls_index = TlsAlloc();
        InitializeCriticalSection(&winetest_output_cs);
        InterlockedExchange(&winetest_init_state, 2);
    }
    else while (winetest_init_state != 2) Sleep(0);
}

/* per-thread data; must not change the caller's last error */
static struct winetest_thread_data *winetest_get_thread_data(void)
{
    struct winetest_thread_data *data;
    DWORD err = GetLastError();

    if (winetest_init_state != 2) winetest_init_once();
    if (winetest_tls_index == TLS_OUT_OF_INDEXES) data = &winetest_fallback_data;
    else if (!(data = TlsGetValue(winetest_tls_index)))
    {
        data = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*data));
        if (!data) data = &winetest_fallback_data;
        TlsSetValue(winetest_tls_index, data);
    }
    SetLastError(err);
    return data;
}

static const char *winetest_basename(const char *file)
{
    const char *p;

    if (!file) return "unknown";
    for (p = file; *p; p++) if (*p == '/' || *p == '\\') file = p + 1;
    return file;
}

/* write raw bytes to stdout in one go, serialised between threads */
static void winetest_write(const char *buf, size_t len, int lock)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD written;

    if (lock)
    {
        if (winetest_init_state != 2) winetest_init_once();
        EnterCriticalSection(&winetest_output_cs);
        fflush(stdout);
    }
    while (len && out && out != INVALID_HANDLE_VALUE)
    {
        if (!WriteFile(out, buf, (DWORD)len, &written, NULL) || !written) break;
        buf += written;
        len -= written;
    }
    if (lock) LeaveCriticalSection(&winetest_output_cs);
}

static void winetest_printf(const char *fmt, ...) WINETEST_PRINTF_ATTR(1, 2);
static void winetest_printf(const char *fmt, ...)
{
    char buf[1024];
    va_list args;
    int len;

    va_start(args, fmt);
    len = __mingw_vsnprintf(buf, sizeof(buf), fmt, args);
    va_end(args);
    if (len < 0) return;
    if ((size_t)len >= sizeof(buf)) len = sizeof(buf) - 1;
    winetest_write(buf, (size_t)len, 1);
}

/* "file.c:LINE: <kind><ctx: ...><message>\n" as one write */
static void winetest_print_line(struct winetest_thread_data *data, const char *kind,
                                const char *msg, va_list args)
{
    char stackbuf[1024], *buf = stackbuf;
    size_t size = sizeof(stackbuf), pos;
    unsigned int i;
    va_list copy;
    int len, n;

    va_copy(copy, args);
    len = msg ? __mingw_vsnprintf(NULL, 0, msg, copy) : 0;
    va_end(copy);
    if (len < 0) len = 0;
    n = snprintf(NULL, 0, "%s:%d: %s", winetest_basename(data->file), data->line, kind);
    pos = (size_t)(n > 0 ? n : 0) + (size_t)len + 2;
    for (i = 0; i < data->context_count && i < WINETEST_MAX_CONTEXT; i++)
        pos += strlen(data->context[i]) + 2;
    if (pos > size && (buf = malloc(pos))) size = pos;
    else if (!buf) buf = stackbuf;

    n = snprintf(buf, size, "%s:%d: %s", winetest_basename(data->file), data->line, kind);
    pos = n < 0 ? 0 : (size_t)n >= size ? size - 1 : (size_t)n;
    for (i = 0; i < data->context_count && i < WINETEST_MAX_CONTEXT; i++)
    {
        n = snprintf(buf + pos, size - pos, "%s: ", data->context[i]);
        pos = n < 0 ? pos : pos + (size_t)n >= size ? size - 1 : pos + (size_t)n;
    }
    if (msg)
    {
        n = __mingw_vsnprintf(buf + pos, size - pos, msg, args);
        pos = n < 0 ? pos : pos + (size_t)n >= size ? size - 1 : pos + (size_t)n;
    }
    if (!pos || buf[pos - 1] != '\n')
    {
        if (pos >= size - 1) pos = size - 2;
        buf[pos++] = '\n';
        buf[pos] = 0;
    }
    winetest_write(buf, pos, 1);
    if (buf != stackbuf) free(buf);
}

static void winetest_print_kind(struct winetest_thread_data *data, const char *kind,
                                const char *msg, ...) WINETEST_PRINTF_ATTR(3, 4);
static void winetest_print_kind(struct winetest_thread_data *data, const char *kind,
                                const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    winetest_print_line(data, kind, msg, args);
    va_end(args);
}

void winetest_set_location(const char *file, int line)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->file = file;
    data->line = line;
}

void winetest_set_function(const char *file, const char *func)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->func_file = file;
    data->func = func;
}

void winetest_count_tag(const char *tag)
{
    winetest_get_thread_data()->count_tag = tag;
}

/* one more check executed in the function data->func (under the output lock) */
static void winetest_count_check(struct winetest_thread_data *data)
{
    const char *tag = data->count_tag;
    unsigned int i;

    if (!data->func) return;
    EnterCriticalSection(&winetest_output_cs);
    /* __func__ is one array per function: its address is the key, with the tag */
    for (i = 0; i < winetest_func_count; i++)
        if (winetest_funcs[i].func == data->func
            && (winetest_funcs[i].tag == tag || (tag && winetest_funcs[i].tag && !strcmp(winetest_funcs[i].tag, tag))))
            break;
    if (i == winetest_func_count && i < WINETEST_MAX_FUNCS)
    {
        winetest_funcs[i].file = data->func_file;
        winetest_funcs[i].func = data->func;
        winetest_funcs[i].tag = tag;
        winetest_func_count++;
    }
    if (i < WINETEST_MAX_FUNCS) winetest_funcs[i].count++;
    LeaveCriticalSection(&winetest_output_cs);
}

void winetest_start_todo(int is_todo)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->todo_level = (data->todo_level << 1) | (is_todo != 0);
    data->todo_do_loop = 1;
}

int winetest_loop_todo(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    int do_loop = data->todo_do_loop;

    data->todo_do_loop = 0;
    return do_loop;
}

void winetest_end_todo(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->todo_level >>= 1;
}

void winetest_start_flaky(int is_flaky)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->flaky_level = (data->flaky_level << 1) | (is_flaky != 0);
    data->flaky_do_loop = 1;
}

int winetest_loop_flaky(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    int do_loop = data->flaky_do_loop;

    data->flaky_do_loop = 0;
    return do_loop;
}

void winetest_end_flaky(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    data->flaky_level >>= 1;
}

/* returns 1 when the result is the expected one */
int winetest_vok(int condition, const char *msg, va_list args)
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    DWORD err = GetLastError();
    int ret;

    winetest_count_check(data);
    if (data->todo_level)
    {
        if (condition)
        {
            if (data->flaky_level)
            {
                winetest_print_line(data, "Test succeeded inside flaky todo block: ", msg, args);
                InterlockedIncrement(&winetest_flaky_failures);
            }
            else
            {
                winetest_print_line(data, "Test succeeded inside todo block: ", msg, args);
                InterlockedIncrement(&winetest_todo_successes);
            }
            ret = 0;
        }
        else
        {
            if (winetest_debug > 0) winetest_print_line(data, "Test marked todo: ", msg, args);
            InterlockedIncrement(&winetest_todo_failures);
            ret = 1;
        }
    }
    else if (!condition)
    {
        if (data->flaky_level)
        {
            if (winetest_debug > 0) winetest_print_line(data, "Test marked flaky: ", msg, args);
            InterlockedIncrement(&winetest_flaky_failures);
        }
        else
        {
            winetest_print_line(data, "Test failed: ", msg, args);
            InterlockedIncrement(&winetest_failures);
        }
        ret = 0;
    }
    else
    {
        if (winetest_report_success) winetest_print_line(data, "Test succeeded", NULL, args);
        InterlockedIncrement(&winetest_successes);
        ret = 1;
    }
    SetLastError(err);
    return ret;
}

void winetest_ok(int condition, const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    winetest_vok(condition, msg, args);
    va_end(args);
}

void winetest_vskip(const char *msg, va_list args)
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    DWORD err = GetLastError();

    if (winetest_debug > 0) winetest_print_line(data, "Tests skipped: ", msg, args);
    InterlockedIncrement(&winetest_skipped);
    SetLastError(err);
}

void winetest_skip(const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    winetest_vskip(msg, args);
    va_end(args);
}

/* a skip on Windows, a failure on Wine */
void winetest_win_skip(const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    if (!strcmp(winetest_platform, "windows")) winetest_vskip(msg, args);
    else winetest_vok(0, msg, args);
    va_end(args);
}

void winetest_vtrace(const char *msg, va_list args)
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    DWORD err = GetLastError();

    if (winetest_debug > 0) winetest_print_line(data, "", msg, args);
    SetLastError(err);
}

void winetest_trace(const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    winetest_vtrace(msg, args);
    va_end(args);
}

void winetest_push_context(const char *fmt, ...)
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    DWORD err = GetLastError();
    va_list args;

    if (data->context_count < WINETEST_MAX_CONTEXT)
    {
        va_start(args, fmt);
        __mingw_vsnprintf(data->context[data->context_count], WINETEST_CONTEXT_LEN, fmt, args);
        va_end(args);
        data->context[data->context_count][WINETEST_CONTEXT_LEN - 1] = 0;
    }
    data->context_count++;
    SetLastError(err);
}

void winetest_pop_context(void)
{
    struct winetest_thread_data *data = winetest_get_thread_data();

    if (data->context_count) data->context_count--;
}

int winetest_get_mainargs(char ***pargv)
{
    *pargv = winetest_argv;
    return winetest_argc;
}

void winetest_add_failures(LONG new_failures)
{
    if (new_failures > 0) InterlockedExchangeAdd(&winetest_failures, new_failures);
}

LONG winetest_get_failures(void)
{
    return winetest_failures + winetest_todo_successes;
}

/* waits for a child started by the test; counts and returns its failures */
DWORD winetest_wait_child_process(HANDLE process)
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    DWORD err = GetLastError(), exit_code = 1, ret;

    if (WaitForSingleObject(process, winetest_child_timeout) != WAIT_OBJECT_0)
    {
        winetest_print_kind(data, "Test failed: ", "Timed out waiting for the child process\n");
        TerminateProcess(process, 1);
        WaitForSingleObject(process, 5000);
        ret = 1;
    }
    else if (!GetExitCodeProcess(process, &exit_code))
    {
        winetest_print_kind(data, "Test failed: ", "Failed to get the exit code of the child process: %lu\n",
                            GetLastError());
        ret = 1;
    }
    else if (exit_code > 255)
    {
        winetest_print_kind(data, "Test failed: ", "unhandled exception %08lx in child process %04lx\n",
                            exit_code, GetProcessId(process));
        ret = 1;
    }
    else
    {
        if (exit_code) winetest_print_kind(data, "", "%lu failures in child process\n", exit_code);
        ret = exit_code;
    }
    winetest_add_failures((LONG)ret);
    SetLastError(err);
    return ret;
}

/* temporary string space for wine_dbgstr_* and wine_dbg_sprintf (per-thread ring) */
char *winetest_get_temp_buffer(size_t size)
{
    struct winetest_thread_data *data = winetest_get_thread_data();
    char *ret;

    if (size > WINETEST_TEMP_MAX) size = WINETEST_TEMP_MAX; /* callers cap their output */
    if (data->temp_pos + size > WINETEST_TEMP_SIZE) data->temp_pos = 0;
    ret = data->temp + data->temp_pos;
    data->temp_pos += size;
    return ret;
}

const char *wine_dbg_sprintf(const char *format, ...)
{
    DWORD err = GetLastError();
    va_list args;
    char *buf;
    int len;

    va_start(args, format);
    len = __mingw_vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (len < 0) len = 0;
    if (len >= WINETEST_TEMP_MAX) len = WINETEST_TEMP_MAX - 1; /* truncate */
    buf = winetest_get_temp_buffer((size_t)len + 1);
    va_start(args, format);
    __mingw_vsnprintf(buf, (size_t)len + 1, format, args);
    va_end(args);
    SetLastError(err);
    return buf;
}

static int winetest_exit_status(void)
{
    LONG total = winetest_failures + winetest_todo_successes;
    return total > 255 ? 255 : (int)total;
}

static void winetest_print_summary(int lock)
{
    char buf[512];
    LONG failures = winetest_failures + winetest_todo_successes;
    int len;

    if (!winetest_debug && !failures) return;
    len = snprintf(buf, sizeof(buf),
                   "%s: %ld tests executed (%ld marked as todo, %ld as flaky, %ld failures), %ld skipped.\n",
                   winetest_testname,
                   (long)(winetest_successes + winetest_failures + winetest_todo_successes
                          + winetest_todo_failures + winetest_flaky_failures),
                   (long)winetest_todo_failures, (long)winetest_flaky_failures,
                   (long)failures, (long)winetest_skipped);
    if (len > 0) winetest_write(buf, (size_t)len < sizeof(buf) ? (size_t)len : sizeof(buf) - 1, lock);
}

/* an unhandled exception ends the test: report it, count it, exit with its code */
static LONG CALLBACK winetest_exception_filter(EXCEPTION_POINTERS *ptrs)
{
    struct winetest_thread_data *data = NULL;
    char buf[512];
    int len;

    if (winetest_tls_index != TLS_OUT_OF_INDEXES) data = TlsGetValue(winetest_tls_index);
    if (data && data->file)
    {
        len = snprintf(buf, sizeof(buf), "%s:%d: this is the last test seen before the exception\n",
                       winetest_basename(data->file), data->line);
        if (len > 0) winetest_write(buf, (size_t)len < sizeof(buf) ? (size_t)len : sizeof(buf) - 1, 0);
    }
    len = snprintf(buf, sizeof(buf), "%s: unhandled exception %08lx at %p\n", winetest_testname,
                   (unsigned long)ptrs->ExceptionRecord->ExceptionCode,
                   ptrs->ExceptionRecord->ExceptionAddress);
    if (len > 0) winetest_write(buf, (size_t)len < sizeof(buf) ? (size_t)len : sizeof(buf) - 1, 0);
    InterlockedIncrement(&winetest_failures);
    winetest_print_summary(0);
    TerminateProcess(GetCurrentProcess(), ptrs->ExceptionRecord->ExceptionCode);
    return EXCEPTION_EXECUTE_HANDLER;
}

static int winetest_env_int(const char *name, int def)
{
    char buf[32];
    DWORD len = GetEnvironmentVariableA(name, buf, sizeof(buf));

    if (!len || len >= sizeof(buf)) return def;
    return atoi(buf);
}

static void winetest_list_tests(void)
{
    const struct test *test;

    winetest_printf("Valid test names:\n");
    for (test = winetest_testlist; test->name; test++) winetest_printf("    %s\n", test->name);
}

static const struct test *winetest_find_test(const char *name)
{
    const struct test *test;
    size_t len = strlen(name);

    if (len > 2 && !strcmp(name + len - 2, ".c")) len -= 2;
    for (test = winetest_testlist; test->name; test++)
        if (strlen(test->name) == len && !strncmp(test->name, name, len)) return test;
    return NULL;
}

static void winetest_print_counts(void)
{
    unsigned int i;

    if (!winetest_counts) return;
    for (i = 0; i < winetest_func_count; i++)
        winetest_printf("%s: %s%s%s%s: %ld checks executed\n", winetest_basename(winetest_funcs[i].file),
                        winetest_funcs[i].func, winetest_funcs[i].tag ? "[" : "",
                        winetest_funcs[i].tag ? winetest_funcs[i].tag : "", winetest_funcs[i].tag ? "]" : "",
                        (long)winetest_funcs[i].count);
}

static int winetest_run_test(const struct test *test)
{
    winetest_testname = test->name;
    test->func();
    winetest_print_counts();
    winetest_print_summary(1);
    return winetest_exit_status();
}

int main(int argc, char **argv)
{
    char platform[32];
    const struct test *test;
    DWORD len;

    winetest_argc = argc;
    winetest_argv = argv;
    winetest_init_once();
    winetest_get_thread_data();

    len = GetEnvironmentVariableA("WINETEST_PLATFORM", platform, sizeof(platform));
    if (len && len < sizeof(platform))
        winetest_platform = !strcmp(platform, "wine") ? "wine" : "windows";
    else if (GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version"))
        winetest_platform = "wine";
    winetest_debug = winetest_env_int("WINETEST_DEBUG", 1);
    winetest_interactive = winetest_env_int("WINETEST_INTERACTIVE", 0);
    winetest_report_success = winetest_env_int("WINETEST_REPORT_SUCCESS", 0);
    winetest_counts = winetest_env_int("WINETEST_COUNTS", 1);

    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    SetUnhandledExceptionFilter(winetest_exception_filter);

    if (argc < 2)
    {
        if (winetest_testlist[0].name && !winetest_testlist[1].name)
            return winetest_run_test(&winetest_testlist[0]);
        winetest_printf("Usage: %s test_name\n", argv[0]);
        winetest_list_tests();
        return 1;
    }
    if (!strcmp(argv[1], "--list"))
    {
        winetest_list_tests();
        return 0;
    }
    if (!(test = winetest_find_test(argv[1])))
    {
        winetest_printf("Fatal: test '%s' does not exist.\n", argv[1]);
        return 1;
    }
    return winetest_run_test(test);
}

#endif /* STANDALONE */

#ifdef __cplusplus
}
#endif

#endif /* __WINE_WINE_TEST_H */
