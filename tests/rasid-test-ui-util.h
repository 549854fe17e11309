/* rasid-test-ui-util.h: what the UI test programs share: spinning the main
 * loop, waiting for a condition, and screenshots of a window. */
#pragma once

#include <gtk/gtk.h>

static gboolean
rasid_test_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static inline void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, rasid_test_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Spins the main loop until @cond holds, failing after @seconds. */
#define WAIT_UNTIL(cond, seconds)                                                    \
  G_STMT_START {                                                                     \
    gint64 deadline_ = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;         \
    while (!(cond))                                                                  \
      {                                                                              \
        if (g_get_monotonic_time () > deadline_)                                     \
          g_error ("Timed out waiting for: %s", #cond);                              \
        spin (50);                                                                   \
      }                                                                              \
  } G_STMT_END

static void
rasid_test_on_frame_painted (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

/* Saves @window as @name in $RASID_SCREENSHOT_DIR, or else in @fallback_dir.
 * GTK 4.8's widget paintable draws nothing while the widget awaits a
 * layout (one run in twenty-five caught the window just after the
 * new-reports button appeared): then wait for the frame, and try again. */
static inline void
rasid_test_save_screenshot (const char *fallback_dir, GtkWidget *window, const char *name)
{
  const char *dir = g_getenv ("RASID_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int w = gtk_widget_get_width (window), h = gtk_widget_get_height (window);

  if (dir == NULL)
    dir = fallback_dir;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  for (guint tries = 0; node == NULL && tries < 20; tries++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        {
          gboolean painted = FALSE;
          gulong id = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                                        G_CALLBACK (rasid_test_on_frame_painted), &painted);

          gtk_widget_queue_draw (window);
          WAIT_UNTIL (painted, 5);
          g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), id);
        }
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}
