/*
 * Host unit tests of the OS-free core: runs every suite.
 *
 * Check forks each test by default (CK_FORK), so a crash of the core on
 * corrupt input shows as a failed test instead of ending the run.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>

#include "unit.h"

int main(void)
{
    SRunner *sr = srunner_create(ntrecords_suite());
    int failed;

    srunner_add_suite(sr, layout_suite());
    srunner_add_suite(sr, text_suite());
    srunner_add_suite(sr, counters_suite());
    srunner_add_suite(sr, workingset_suite());
    srunner_add_suite(sr, loader_suite());
    srunner_add_suite(sr, devpath_suite());
    srunner_add_suite(sr, wow64path_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
