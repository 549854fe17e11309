/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-add-source-dialog.c: adding a source checks it first. The address
 * is fetched (a home page's announced feed found, rasid-source-probe.c),
 * the feed previewed (title, item count, latest headlines), and only then
 * added and fetched at once. A failure is told in the UI's language, with
 * the library's message under "Technical details"; only a failure of the
 * network offers "Add Anyway". The entry keeps the focus throughout, so
 * one address after another can be typed. */
#include "config.h"

#include <glib/gi18n.h>

#include "rasid-add-source-dialog.h"
#include "rasid-source-probe.h"
#include "rasid-store-async.h"

struct _RasidAddSourceDialog {
  AdwWindow         parent_instance;

  AdwEntryRow      *url_row;
  GtkStack         *stack;
  GtkSpinner       *spinner;
  GtkLabel         *status_label;
  AdwActionRow     *found_row;
  AdwActionRow     *count_row;
  AdwActionRow     *warning_row;
  AdwActionRow     *headline_rows[3];
  GtkLabel         *error_title;
  GtkLabel         *error_hint;
  GtkLabel         *error_detail;
  GtkWidget        *anyway_button;

  RasidApplication *app;
  RasidFetcher     *fetcher;
  GCancellable     *cancellable;   /* the running check */
  char             *checked_url;   /* what the preview or error is about */
  RasidSourceProbe *probe;
  RasidSourceCause  cause;
};

G_DEFINE_FINAL_TYPE (RasidAddSourceDialog, rasid_add_source_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_SOURCES_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_state (RasidAddSourceDialog *self, const char *state)
{
  gboolean checking = g_str_equal (state, "checking");

  gtk_stack_set_visible_child_name (self->stack, state);
  gtk_spinner_set_spinning (self->spinner, checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "source.add", g_str_equal (state, "preview"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "source.stop", checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "source.add-anyway",
                                 g_str_equal (state, "error") && rasid_source_cause_is_network (self->cause));
  gtk_widget_set_visible (self->anyway_button, rasid_source_cause_is_network (self->cause));
}

const char *
rasid_add_source_dialog_get_state (RasidAddSourceDialog *self)
{
  g_return_val_if_fail (RASID_IS_ADD_SOURCE_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

static void
stop (RasidAddSourceDialog *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* What was typed, as an address to fetch: "example.com/feed" is taken as
 * https; anything but http(s) is refused. */
static char *
typed_url (RasidAddSourceDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (*text == 0)
    return NULL;
  url = strstr (text, "://") ? g_strdup (text) : g_strconcat ("https://", text, NULL);
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == 0)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return NULL;
  return g_steal_pointer (&url);
}

static void
show_error (RasidAddSourceDialog *self, RasidSourceCause cause, guint status, const char *detail)
{
  g_autofree char *title = rasid_source_cause_describe (cause, status);
  const char *hint = NULL;

  self->cause = cause;
  if (rasid_source_cause_is_network (cause))
    hint = _("Nothing was added. If the site is only down for now, add it anyway: Rasid tries again at each refresh.");
  else if (cause == RASID_SOURCE_CAUSE_NOT_FEED)
    hint = _("Nothing was added. Rasid follows feeds: give the site’s feed address (it often ends in /feed or /rss), "
             "or its home page if the page announces one.");
  else if (cause == RASID_SOURCE_CAUSE_HTTP)
    hint = _("Nothing was added. Check the address.");
  else
    hint = _("Nothing was added.");
  gtk_label_set_text (self->error_title, title);
  gtk_label_set_text (self->error_hint, hint);
  gtk_label_set_text (self->error_detail, detail ? detail : "");
  set_state (self, "error");
}

static gint
by_date_desc (gconstpointer a, gconstpointer b)
{
  const RasidFeedItem *x = *(RasidFeedItem **) a, *y = *(RasidFeedItem **) b;

  return (y->published > x->published) - (y->published < x->published);
}

static void
show_preview (RasidAddSourceDialog *self)
{
  RasidFeed *feed = self->probe->feed;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item now in the feed",
                                                         "%u items now in the feed", feed->items->len),
                                            feed->items->len);
  g_autofree char *title = g_markup_escape_text (feed->title && *feed->title ? feed->title : self->probe->url, -1);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (self->count_row),
                                                                                    ADW_TYPE_PREFERENCES_GROUP)),
                                   title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (self->count_row),
                                                                                          ADW_TYPE_PREFERENCES_GROUP)),
                                         self->probe->url);
  gtk_widget_set_visible (GTK_WIDGET (self->found_row), self->probe->page_url != NULL);
  if (self->probe->page_url)
    {
      g_autofree char *sub = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The page announces %u feed; this one is followed",
                                                           "The page announces %u feeds; the news feed is followed",
                                                           self->probe->n_announced),
                                              self->probe->n_announced);
      adw_action_row_set_subtitle (self->found_row, sub);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->count_row), count);
  adw_action_row_set_subtitle (self->count_row, feed->items->len ? _("The latest headlines:") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->warning_row), feed->warning != NULL);
  if (feed->warning)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->warning_row),
                                     _("The feed is malformed: only part of it could be read"));
      adw_action_row_set_subtitle (self->warning_row, feed->warning);
    }
  for (guint i = 0; i < feed->items->len; i++)
    g_ptr_array_add (items, g_ptr_array_index (feed->items, i));
  g_ptr_array_sort (items, by_date_desc);
  for (guint i = 0; i < G_N_ELEMENTS (self->headline_rows); i++)
    {
      RasidFeedItem *item = i < items->len ? g_ptr_array_index (items, i) : NULL;
      g_autofree char *headline = item ? g_markup_escape_text (item->title ? item->title : "", -1) : NULL;

      gtk_widget_set_visible (GTK_WIDGET (self->headline_rows[i]), item != NULL);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->headline_rows[i]), headline ? headline : "");
    }
  self->cause = RASID_SOURCE_CAUSE_NONE;
  set_state (self, "preview");
}

static void
on_probed (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(RasidAddSourceDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  RasidSourceCause cause = RASID_SOURCE_CAUSE_NONE;
  guint status = 0;
  RasidSourceProbe *probe = rasid_source_probe_finish (res, &cause, &status, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->probe, rasid_source_probe_free);
  if (probe == NULL)
    {
      show_error (self, cause, status, error->message);
      return;
    }
  self->probe = probe;
  show_preview (self);
}

static void
check (RasidAddSourceDialog *self)
{
  g_autofree char *url = typed_url (self);

  stop (self);
  g_clear_pointer (&self->probe, rasid_source_probe_free);
  g_free (self->checked_url);
  self->checked_url = g_strdup (url);
  if (url == NULL)
    {
      show_error (self, RASID_SOURCE_CAUSE_UNSUPPORTED, 0, gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
      gtk_label_set_text (self->error_hint, _("Enter a web address starting with https:// or http://"));
      return;
    }
  self->cause = RASID_SOURCE_CAUSE_NONE;
  self->cancellable = g_cancellable_new ();
  set_state (self, "checking");
  rasid_source_probe_async (self->fetcher, url, self->cancellable, on_probed, g_object_ref (self));
}

/* ---- adding ---------------------------------------------------------------- */

typedef struct {
  RasidAddSourceDialog *self;
  char                 *name;
  gboolean              anyway;
} Adding;

static void
adding_free (Adding *a)
{
  g_object_unref (a->self);
  g_free (a->name);
  g_free (a);
}

static void
on_first_fetch (GObject *object, GAsyncResult *res, gpointer user_data)
{
  Adding *a = user_data;
  g_autoptr(GError) error = NULL;
  guint n_new = 0;
  g_autofree char *text = NULL;

  if (rasid_ingest_refresh_finish (RASID_INGEST (object), res, &n_new, &error))
    text = a->anyway
      ? g_strdup_printf (_("Added “%s”. It could not be fetched now; Rasid tries again at each refresh."), a->name)
      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Added “%s”: %u new report", "Added “%s”: %u new reports",
                                      n_new), a->name, n_new);
  else
    text = g_strdup_printf (_("Added “%s”."), a->name);
  gtk_label_set_text (a->self->status_label, text);
  g_signal_emit (a->self, signals[SIGNAL_SOURCES_CHANGED], 0);
  adding_free (a);
}

static void
on_added (GObject *object, GAsyncResult *res, gpointer user_data)
{
  Adding *a = user_data;
  RasidAddSourceDialog *self = a->self;
  g_autoptr(GError) error = NULL;
  gint64 id = rasid_store_add_source_finish (RASID_STORE (object), res, &error);
  g_autofree char *text = NULL;

  if (id == 0)
    {
      show_error (self, RASID_SOURCE_CAUSE_STORE, 0, error->message);
      adding_free (a);
      return;
    }
  text = g_strdup_printf (_("Added “%s”; fetching its reports…"), a->name);
  gtk_label_set_text (self->status_label, text);
  g_signal_emit (self, signals[SIGNAL_SOURCES_CHANGED], 0);
  /* Ready for the next address. */
  g_clear_pointer (&self->probe, rasid_source_probe_free);
  g_clear_pointer (&self->checked_url, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  self->cause = RASID_SOURCE_CAUSE_NONE;
  set_state (self, "empty");
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
  rasid_ingest_refresh_source_async (rasid_application_get_ingest (self->app), id, NULL, on_first_fetch, a);
}

static void
add (RasidAddSourceDialog *self, const char *url, const char *title, gboolean anyway)
{
  Adding *a = g_new0 (Adding, 1);

  a->self = g_object_ref (self);
  a->name = g_strdup (title && *title ? title : url);
  a->anyway = anyway;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "source.add", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "source.add-anyway", FALSE);
  rasid_store_add_source_async (rasid_application_get_store (self->app), url, title, NULL, on_added, a);
}

static void
action_add (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidAddSourceDialog *self = RASID_ADD_SOURCE_DIALOG (widget);

  if (self->probe)
    add (self, self->probe->url, self->probe->feed->title, FALSE);
}

static void
action_add_anyway (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidAddSourceDialog *self = RASID_ADD_SOURCE_DIALOG (widget);

  if (self->checked_url && rasid_source_cause_is_network (self->cause))
    add (self, self->checked_url, NULL, TRUE);
}

static void
action_check (GtkWidget *widget, const char *name, GVariant *param)
{
  check (RASID_ADD_SOURCE_DIALOG (widget));
}

static void
action_stop (GtkWidget *widget, const char *name, GVariant *param)
{
  RasidAddSourceDialog *self = RASID_ADD_SOURCE_DIALOG (widget);

  stop (self);
  set_state (self, "empty");
}

/* Enter checks; Enter again on the address just previewed adds it. */
static void
on_entry_activated (RasidAddSourceDialog *self)
{
  g_autofree char *url = typed_url (self);

  if (self->probe && url && g_strcmp0 (url, self->checked_url) == 0 &&
      g_str_equal (rasid_add_source_dialog_get_state (self), "preview"))
    action_add (GTK_WIDGET (self), NULL, NULL);
  else
    check (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

/* A preview or error is about the address checked, not one being typed. */
static void
on_entry_changed (RasidAddSourceDialog *self)
{
  g_autofree char *url = typed_url (self);
  const char *state = rasid_add_source_dialog_get_state (self);

  /* Setting the text empties the entry first: an empty entry is not yet
   * another address. */
  if (url == NULL)
    return;
  if (self->checked_url && g_strcmp0 (url, self->checked_url) != 0 && !g_str_equal (state, "checking"))
    {
      gtk_label_set_text (self->status_label, "");
      self->cause = RASID_SOURCE_CAUSE_NONE;
      set_state (self, "empty");
    }
}

static void
rasid_add_source_dialog_dispose (GObject *object)
{
  RasidAddSourceDialog *self = RASID_ADD_SOURCE_DIALOG (object);

  stop (self);
  g_clear_object (&self->fetcher);
  g_clear_pointer (&self->probe, rasid_source_probe_free);
  g_clear_pointer (&self->checked_url, g_free);
  G_OBJECT_CLASS (rasid_add_source_dialog_parent_class)->dispose (object);
}

static void
rasid_add_source_dialog_class_init (RasidAddSourceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rasid_add_source_dialog_dispose;
  /* A source was added, or its first fetch is done. */
  signals[SIGNAL_SOURCES_CHANGED] = g_signal_new ("sources-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rasid/Rasid/rasid-add-source-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RasidAddSourceDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, RasidAddSourceDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, RasidAddSourceDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RasidAddSourceDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, RasidAddSourceDialog, found_row);
  gtk_widget_class_bind_template_child (widget_class, RasidAddSourceDialog, count_row);
  gtk_widget_class_bind_template_child (widget_class, RasidAddSourceDialog, warning_row);
  gtk_widget_class_bind_template_child_full (widget_class, "headline_row_0", FALSE,
                                             G_STRUCT_OFFSET (RasidAddSourceDialog, headline_rows[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "headline_row_1", FALSE,
                                             G_STRUCT_OFFSET (RasidAddSourceDialog, headline_rows[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "headline_row_2", FALSE,
                                             G_STRUCT_OFFSET (RasidAddSourceDialog, headline_rows[2]));
  gtk_widget_class_bind_template_child (widget_class, RasidAddSourceDialog, error_title);
  gtk_widget_class_bind_template_child (widget_class, RasidAddSourceDialog, error_hint);
  gtk_widget_class_bind_template_child (widget_class, RasidAddSourceDialog, error_detail);
  gtk_widget_class_bind_template_child (widget_class, RasidAddSourceDialog, anyway_button);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_install_action (widget_class, "source.check", NULL, action_check);
  gtk_widget_class_install_action (widget_class, "source.stop", NULL, action_stop);
  gtk_widget_class_install_action (widget_class, "source.add", NULL, action_add);
  gtk_widget_class_install_action (widget_class, "source.add-anyway", NULL, action_add_anyway);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rasid_add_source_dialog_init (RasidAddSourceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fetcher = rasid_fetcher_new ();
  set_state (self, "empty");
}

RasidAddSourceDialog *
rasid_add_source_dialog_new (RasidApplication *app, GtkWindow *parent)
{
  RasidAddSourceDialog *self = g_object_new (RASID_TYPE_ADD_SOURCE_DIALOG, "transient-for", parent,
                                             "application", app, NULL);

  self->app = app;
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
  return self;
}
