/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-test-util.h: shared by the test programs: fresh temporary folders
 * and fixture paths. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#ifndef FIXTURES_DIR
#error "FIXTURES_DIR must be defined by the build"
#endif

/* A new empty folder under the system temp dir, removed by the caller's
 * rasid_test_rmdir() (or left for inspection when a test fails). */
static inline char *
rasid_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("rasid-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
rasid_test_rmdir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rasid_test_rmdir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline char *
rasid_test_fixture (const char *name)
{
  return g_build_filename (FIXTURES_DIR, name, NULL);
}

static inline char *
rasid_test_read_fixture (const char *name, gsize *len)
{
  g_autofree char *path = rasid_test_fixture (name);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return data;
}
