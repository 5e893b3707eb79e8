/*
 * A child process for the cross-process tests: the test executable started
 * again as "<exe> <test> sleep <ready> <done>", which signals ready and stays
 * alive until the parent signals done.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef K32_TESTS_CHILD_H
#define K32_TESTS_CHILD_H

#include <windows.h>

struct child
{
    PROCESS_INFORMATION pi;
    HANDLE ready, done;
};

/* Parent side: starts the child of test and waits until it is ready. */
BOOL start_child(struct child *child, const char *test);
/* Parent side: lets the child end and counts its failures. */
void stop_child(struct child *child);
/* Child side, from START_TEST when argv[2] is "sleep" (argc >= 5). */
void child_sleep(char **argv);

#endif /* K32_TESTS_CHILD_H */
