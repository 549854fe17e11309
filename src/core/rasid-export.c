/* rasid-export.c: selected reports handed on as CSV, XLSX, JSON, GeoJSON,
 * HTML, PDF or Markdown. Reports are read from the store a page at a time
 * and written to a temporary file beside the destination, renamed into
 * place only when everything was written. */
#include "config.h"

#include "rasid-export.h"
#include "rasid-csv.h"
#include "rasid-dates.h"
#include "rasid-report-json.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* The documents are Arabic briefings (dir="rtl" lang="ar"), whatever the
 * language of the desktop: their labels are fixed Arabic. */
#define DEFAULT_TITLE      "موجز راصد"
#define LABEL_DATE         "التاريخ"
#define LABEL_SOURCE       "المصدر"
#define LABEL_PLACES       "الأماكن"
#define LABEL_FACTIONS     "الأطراف"
#define LABEL_EVENTS       "الأحداث"
#define LABEL_CASUALTIES   "الضحايا"
#define LABEL_KILLED       "قتلى"
#define LABEL_INJURED      "جرحى"
#define LABEL_ATTRIBUTION  "نقلاً عن"
#define LABEL_LINK         "الرابط"
#define LABEL_COUNT        "عدد التقارير"
#define LABEL_GENERATED    "أُعدّ في"
#define LABEL_FILTER       "التصفية"
#define PAGE_OF_FORMAT     "صفحة %u من %u"

static const struct {
  const char *name;
  const char *extension;
} formats[] = {
  [RASID_EXPORT_CSV]      = { "csv", "csv" },
  [RASID_EXPORT_XLSX]     = { "xlsx", "xlsx" },
  [RASID_EXPORT_JSON]     = { "json", "json" },
  [RASID_EXPORT_GEOJSON]  = { "geojson", "geojson" },
  [RASID_EXPORT_HTML]     = { "html", "html" },
  [RASID_EXPORT_PDF]      = { "pdf", "pdf" },
  [RASID_EXPORT_MARKDOWN] = { "md", "md" },
};

gboolean
rasid_export_format_from_string (const char *text, RasidExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (text, formats[i].name) == 0)
      {
        *format = i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (text, "markdown") == 0)
    {
      *format = RASID_EXPORT_MARKDOWN;
      return TRUE;
    }
  return FALSE;
}

const char *
rasid_export_format_to_string (RasidExportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);
  return formats[format].name;
}

const char *
rasid_export_format_extension (RasidExportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);
  return formats[format].extension;
}

RasidExportOptions *
rasid_export_options_new (RasidExportFormat format)
{
  RasidExportOptions *options = g_new0 (RasidExportOptions, 1);

  options->format = format;
  /* Without the mark, spreadsheet programs read UTF-8 CSV as a legacy
   * code page and show the Arabic as mojibake. */
  options->bom = TRUE;
  return options;
}

RasidExportOptions *
rasid_export_options_copy (const RasidExportOptions *options)
{
  RasidExportOptions *copy;

  g_return_val_if_fail (options != NULL, NULL);
  copy = g_memdup2 (options, sizeof *options);
  copy->title = g_strdup (options->title);
  copy->filter_description = g_strdup (options->filter_description);
  return copy;
}

void
rasid_export_options_free (RasidExportOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->title);
  g_free (options->filter_description);
  g_free (options);
}

/**
 * rasid_export_neutralize_cell:
 *
 * A spreadsheet runs a cell starting with = + - @ (and, in some programs,
 * after a tab or carriage return) as a formula; a report title from a
 * hostile feed must stay text. OWASP's advice: prefix a single quote.
 *
 * Returns: (transfer full) (nullable): @text, safe for a spreadsheet cell.
 */
char *
rasid_export_neutralize_cell (const char *text)
{
  if (text == NULL)
    return NULL;
  if (text[0] != 0 && strchr ("=+-@\t\r", text[0]) != NULL)
    return g_strconcat ("'", text, NULL);
  return g_strdup (text);
}

/* ---- the exporter ------------------------------------------------------- */

typedef struct _Exporter Exporter;

typedef struct {
  guint     passes;
  gboolean  (*begin)  (Exporter *ex, GError **error);
  gboolean  (*report) (Exporter *ex, RasidReport *report, GError **error);
  gboolean  (*end)    (Exporter *ex, GError **error);
} Writer;

struct _Exporter {
  const RasidExportOptions *options;
  const Writer   *writer;
  RasidGazetteer *gazetteer;
  char           *path;
  char           *tmp_path;
  gboolean        committed;
  guint           pass;
  guint           n_ids;
  guint           n_written;      /* reports (or features) written in this pass */
  char           *generated;      /* when, in Syrian time, for the documents' headers */
  char           *generated_iso;

  FILE           *out;            /* the text formats */

  lxw_workbook   *workbook;
  lxw_worksheet  *sheet;
  lxw_format     *header_format;
  lxw_format     *date_format;
  guint           row;
  guint           n_links;

  PangoContext    *pango;
  cairo_surface_t *surface;
  cairo_t         *cr;            /* NULL in the first pass, which only counts pages */
  double           y;
  guint            page;
  guint            n_pages;
};

static void
exporter_free (Exporter *ex)
{
  g_clear_pointer (&ex->out, fclose);
  /* Freed, not closed: closing would write the whole workbook first. */
  g_clear_pointer (&ex->workbook, lxw_workbook_free);
  g_clear_pointer (&ex->cr, cairo_destroy);
  g_clear_pointer (&ex->surface, cairo_surface_destroy);
  g_clear_object (&ex->pango);
  if (ex->tmp_path && !ex->committed)
    g_unlink (ex->tmp_path);
  g_free (ex->tmp_path);
  g_free (ex->path);
  g_free (ex->generated);
  g_free (ex->generated_iso);
  g_free (ex);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Exporter, exporter_free)

static const char *
exporter_title (Exporter *ex)
{
  return ex->options->title && *ex->options->title ? ex->options->title : DEFAULT_TITLE;
}

static gboolean
set_errno_error (GError **error, int saved_errno, const char *what, const char *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s “%s”: %s",
               what, display, g_strerror (saved_errno));
  return FALSE;
}

/* A hidden temporary file in the destination's folder, so the final rename
 * stays on one file system and is atomic. */
static gboolean
exporter_open_temp (Exporter *ex, gboolean keep_open, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (ex->path);
  g_autofree char *base = g_path_get_basename (ex->path);
  int fd;

  ex->tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  /* 0666 under the umask: an export is an ordinary document, not a secret. */
  fd = g_mkstemp_full (ex->tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_clear_pointer (&ex->tmp_path, g_free);
      return set_errno_error (error, saved_errno, "Cannot write in", dir);
    }
  if (!keep_open)
    {
      close (fd);
      return TRUE;
    }
  ex->out = fdopen (fd, "wb");
  if (ex->out == NULL)
    {
      int saved_errno = errno;
      close (fd);
      return set_errno_error (error, saved_errno, "Cannot write", ex->tmp_path);
    }
  return TRUE;
}

/* Flushes and closes the text output, reporting a full disk here rather
 * than leaving a truncated file behind. */
static gboolean
exporter_close_out (Exporter *ex, GError **error)
{
  FILE *out = g_steal_pointer (&ex->out);
  gboolean failed;
  int saved_errno;

  failed = fflush (out) != 0 || ferror (out) || fsync (fileno (out)) != 0;
  saved_errno = errno;
  if (fclose (out) != 0 && !failed)
    {
      failed = TRUE;
      saved_errno = errno;
    }
  if (failed)
    return set_errno_error (error, saved_errno ? saved_errno : EIO, "Cannot write", ex->path);
  return TRUE;
}

static gboolean
exporter_write (Exporter *ex, const GString *text, GError **error)
{
  if (fwrite (text->str, 1, text->len, ex->out) != text->len)
    return set_errno_error (error, errno ? errno : EIO, "Cannot write", ex->path);
  return TRUE;
}

static gboolean
sync_file (const char *path, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;
      if (fd >= 0)
        close (fd);
      return set_errno_error (error, saved_errno, "Cannot write", path);
    }
  close (fd);
  return TRUE;
}

static gboolean
exists_error (const char *path, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               "“%s” already exists; choose another name or allow replacing it", display);
  return FALSE;
}

static gboolean
not_regular_error (const char *path, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
               "“%s” is not a regular file; an export replaces only regular files", display);
  return FALSE;
}

static gboolean
same_inode (const GStatBuf *a, const GStatBuf *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* @a and @b name the same directory entry: the same file now, or (for a
 * name that does not exist yet) the same name in the same folder, however
 * either path reaches it through symbolic links. Only stat(): opening and
 * closing the database file would drop SQLite's locks on it. */
static gboolean
same_entry (const char *a, const char *b)
{
  g_autofree char *dir_a = g_path_get_dirname (a), *dir_b = g_path_get_dirname (b);
  g_autofree char *base_a = g_path_get_basename (a), *base_b = g_path_get_basename (b);
  GStatBuf sa, sb;

  if (g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0)
    return same_inode (&sa, &sb);
  return g_str_equal (base_a, base_b) && g_stat (dir_a, &sa) == 0 && g_stat (dir_b, &sb) == 0 &&
         same_inode (&sa, &sb);
}

/* Never write over the cache being read, nor over its journal, WAL or
 * shared memory: a rename there replaces the database under its live
 * connections. SQLite follows a symbolic link to the database and keeps its
 * -wal and -shm beside the real file, so both names are guarded. */
static gboolean
check_not_database (const char *db_path, const char *path, GError **error)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *real = realpath (db_path, NULL);
  const char *bases[] = { db_path, real };

  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    for (guint i = 0; bases[b] && i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *name = g_strconcat (bases[b], suffixes[i], NULL);

        if (same_entry (name, path))
          {
            g_autofree char *display = g_filename_display_name (path);
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         "“%s” is Rasid's database or one of its files; an export never writes over it", display);
            return FALSE;
          }
      }
  return TRUE;
}

/* What may stand at @path before an export takes its place: nothing, or a
 * regular file when @overwrite. A device, a pipe, a socket or a symbolic
 * link would be replaced by a file, not written to. */
static gboolean
check_destination (const char *path, gboolean overwrite, GError **error)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return TRUE;
  if (S_ISDIR (st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "“%s” is a folder", display);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    return not_regular_error (path, error);
  if (!overwrite)
    return exists_error (path, error);
  return TRUE;
}

/* Moves the finished temporary file into place. Without overwrite a hard
 * link claims the name atomically, so a file that appeared meanwhile is
 * never replaced either. */
static gboolean
exporter_commit (Exporter *ex, GError **error)
{
  if (!ex->options->overwrite)
    {
      if (link (ex->tmp_path, ex->path) == 0)
        {
          ex->committed = TRUE;
          g_unlink (ex->tmp_path);
          return TRUE;
        }
      if (errno == EEXIST)
        return exists_error (ex->path, error);
      /* FAT and exFAT (USB sticks) have no hard links: check, then rename. */
      if (g_file_test (ex->path, G_FILE_TEST_EXISTS))
        return exists_error (ex->path, error);
    }
  /* Whatever appeared there while the reports were written is looked at
   * again: the rename would replace it. */
  else if (!check_destination (ex->path, TRUE, error))
    return FALSE;
  if (g_rename (ex->tmp_path, ex->path) != 0)
    return set_errno_error (error, errno, "Cannot write", ex->path);
  ex->committed = TRUE;
  return TRUE;
}

/* ---- what every format says about a report ------------------------------ */

static void
report_admins (Exporter *ex, RasidReport *report, RasidPlaceAdmin admin[3])
{
  GPtrArray *places = rasid_report_get_places (report);

  memset (admin, 0, 3 * sizeof *admin);
  if (places->len > 0)
    rasid_report_json_place_admins (ex->gazetteer, g_ptr_array_index (places, 0), admin);
}

static const char *
event_label (const char *id)
{
  /* The Arabic of src/ui's event labels, for documents people read. */
  static const struct { const char *id; const char *label; } labels[] = {
    { "killing", "قتل" }, { "injury", "إصابة" }, { "arrest", "اعتقال" }, { "kidnapping", "خطف" },
    { "assassination", "اغتيال" }, { "airstrike", "غارة جوية" }, { "drone-strike", "ضربة بطائرة مسيّرة" },
    { "shelling", "قصف" }, { "explosion", "انفجار" }, { "clashes", "اشتباكات" }, { "protest", "احتجاج" },
    { "displacement", "نزوح" }, { "disease-outbreak", "تفشي مرض" }, { "conscription", "تجنيد" },
    { "aircraft-downed", "إسقاط طائرة" }, { "return", "عودة" }, { "territorial-control", "سيطرة" },
    { "agreement", "اتفاق" }, { "meeting", "اجتماع" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].id, id))
      return labels[i].label;
  return id;
}

/* NULL when the list is empty, so a cell or a line can be left out.
 * @unique: name a city and its governorate of the same name once, for
 * people; the spreadsheet column keeps one name per place. */
static char *
join_places (RasidReport *report, const char *separator, gboolean unique)
{
  GPtrArray *places = rasid_report_get_places (report);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 0; i < places->len; i++)
    {
      RasidReportPlace *p = g_ptr_array_index (places, i);
      const char *name = p->name_ar ? p->name_ar : p->id;

      if (unique && g_ptr_array_find_with_equal_func (seen, name, g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, (gpointer) name);
      g_string_append_printf (out, "%s%s", out->len ? separator : "", name);
    }
  return out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static char *
join_actors (RasidReport *report, const char *separator)
{
  GPtrArray *actors = rasid_report_get_actors (report);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < actors->len; i++)
    {
      RasidReportActor *a = g_ptr_array_index (actors, i);
      g_string_append_printf (out, "%s%s", i ? separator : "", a->name_ar ? a->name_ar : a->id);
    }
  return out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static char *
join_events (RasidReport *report, gboolean labels, const char *separator)
{
  const char * const *events = rasid_report_get_events (report);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; events && events[i]; i++)
    g_string_append_printf (out, "%s%s", i ? separator : "", labels ? event_label (events[i]) : events[i]);
  return out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static char *
format_local (gint64 unix_time, const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, rasid_syria_timezone ());

  return g_date_time_format (local, format);
}

static char *
casualties_text (RasidReport *report)
{
  int killed = rasid_report_get_killed (report), injured = rasid_report_get_injured (report);

  if (killed >= 0 && injured >= 0)
    return g_strdup_printf (LABEL_KILLED " %d، " LABEL_INJURED " %d", killed, injured);
  if (killed >= 0)
    return g_strdup_printf (LABEL_KILLED " %d", killed);
  if (injured >= 0)
    return g_strdup_printf (LABEL_INJURED " %d", injured);
  return NULL;
}

/* The labelled lines of the readable formats (HTML, PDF, Markdown). */
typedef struct {
  const char *label;
  char       *value;
} Field;

static void
field_free (Field *field)
{
  g_free (field->value);
  g_free (field);
}

static void
add_field (GPtrArray *fields, const char *label, char *value)
{
  Field *field;

  if (value == NULL || *value == 0)
    {
      g_free (value);
      return;
    }
  field = g_new (Field, 1);
  field->label = label;
  field->value = value;
  g_ptr_array_add (fields, field);
}

static GPtrArray *
report_fields (RasidReport *report)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);

  add_field (fields, LABEL_DATE, format_local (rasid_report_get_published (report), "%Y-%m-%d %H:%M"));
  add_field (fields, LABEL_SOURCE, g_strdup (rasid_report_get_source_title (report)));
  add_field (fields, LABEL_ATTRIBUTION, g_strdup (rasid_report_get_attribution (report)));
  add_field (fields, LABEL_PLACES, join_places (report, "، ", TRUE));
  add_field (fields, LABEL_FACTIONS, join_actors (report, "، "));
  add_field (fields, LABEL_EVENTS, join_events (report, TRUE, "، "));
  add_field (fields, LABEL_CASUALTIES, casualties_text (report));
  return fields;
}

/* A title on one line: feeds put tabs and line breaks in headlines. */
static char *
one_line (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text ? text : "", " \t\r\n\f\v", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Body text with "\n" line ends only. */
static char *
unix_lines (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_web_link (const char *link)
{
  return link && (g_ascii_strncasecmp (link, "https://", 8) == 0 || g_ascii_strncasecmp (link, "http://", 7) == 0);
}

/* ---- CSV and XLSX: one row per report ----------------------------------- */

enum {
  COL_ID, COL_PUBLISHED, COL_SOURCE, COL_TITLE, COL_TEXT, COL_LINK,
  COL_ADMIN1, COL_ADMIN1_AR, COL_ADMIN1_EN,
  COL_ADMIN2, COL_ADMIN2_AR, COL_ADMIN2_EN,
  COL_ADMIN3, COL_ADMIN3_AR, COL_ADMIN3_EN,
  COL_PLACES, COL_FACTIONS, COL_EVENTS, COL_KILLED, COL_INJURED, COL_ATTRIBUTION,
  N_COLUMNS
};

/* Stable English names: scripts read these columns. */
static const char *column_names[N_COLUMNS] = {
  "id", "published", "source", "title", "text", "link",
  "admin1_pcode", "admin1_name_ar", "admin1_name_en",
  "admin2_pcode", "admin2_name_ar", "admin2_name_en",
  "admin3_pcode", "admin3_name_ar", "admin3_name_en",
  "places", "factions", "events", "killed", "injured", "attribution",
};

typedef struct {
  char *cell[N_COLUMNS];
} Row;

static void
row_clear (Row *row)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_pointer (&row->cell[i], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

static void
row_fill (Exporter *ex, RasidReport *report, Row *row)
{
  RasidPlaceAdmin admin[3];
  int killed = rasid_report_get_killed (report), injured = rasid_report_get_injured (report);

  report_admins (ex, report, admin);
  row->cell[COL_ID] = g_strdup_printf ("%" G_GINT64_FORMAT, rasid_report_get_id (report));
  row->cell[COL_PUBLISHED] = rasid_format_iso8601 (rasid_report_get_published (report), NULL);
  row->cell[COL_SOURCE] = g_strdup (rasid_report_get_source_title (report));
  row->cell[COL_TITLE] = g_strdup (rasid_report_get_title (report));
  row->cell[COL_TEXT] = g_strdup (rasid_report_get_body (report));
  row->cell[COL_LINK] = g_strdup (rasid_report_get_link (report));
  for (guint level = 0; level < 3; level++)
    {
      row->cell[COL_ADMIN1 + 3 * level] = g_strdup (admin[level].pcode);
      row->cell[COL_ADMIN1_AR + 3 * level] = g_strdup (admin[level].name_ar);
      row->cell[COL_ADMIN1_EN + 3 * level] = g_strdup (admin[level].name_en);
    }
  row->cell[COL_PLACES] = join_places (report, " | ", FALSE);
  row->cell[COL_FACTIONS] = join_actors (report, " | ");
  row->cell[COL_EVENTS] = join_events (report, FALSE, " | ");
  row->cell[COL_KILLED] = killed >= 0 ? g_strdup_printf ("%d", killed) : NULL;
  row->cell[COL_INJURED] = injured >= 0 ? g_strdup_printf ("%d", injured) : NULL;
  row->cell[COL_ATTRIBUTION] = g_strdup (rasid_report_get_attribution (report));
}

static gboolean
csv_begin (Exporter *ex, GError **error)
{
  g_autoptr(GString) out = g_string_new (ex->options->bom ? "\xEF\xBB\xBF" : "");

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      rasid_csv_append_field (out, column_names[i]);
    }
  g_string_append (out, "\r\n");   /* RFC 4180 */
  return exporter_write (ex, out, error);
}

static gboolean
csv_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_auto(Row) row = { { 0 } };
  g_autoptr(GString) out = g_string_new (NULL);

  row_fill (ex, report, &row);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autofree char *safe = rasid_export_neutralize_cell (row.cell[i]);

      if (i)
        g_string_append_c (out, ',');
      rasid_csv_append_field (out, safe);
    }
  g_string_append (out, "\r\n");
  return exporter_write (ex, out, error);
}

static gboolean
text_end (Exporter *ex, GError **error)
{
  return exporter_close_out (ex, error);
}

/* Excel's own limits: longer strings and links make the file unreadable. */
#define XLSX_MAX_STRING 32767
#define XLSX_MAX_URL 2079

static gboolean
xlsx_check (lxw_error status, GError **error)
{
  if (status == LXW_NO_ERROR)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Writing the spreadsheet failed: %s", lxw_strerror (status));
  return FALSE;
}

/* A cell's text as every reader sees it: neutralised, with "\n" line ends
 * and no other control characters (libxlsxwriter writes those as _xHHHH_
 * escapes, which only Excel decodes), no longer than a cell holds. */
static char *
xlsx_text (const char *text)
{
  g_autofree char *safe = rasid_export_neutralize_cell (text);
  g_autofree char *lines = unix_lines (safe);
  g_autoptr(GString) out = g_string_new (NULL);
  glong n = 0;

  for (const char *p = lines; *p && n < XLSX_MAX_STRING; p = g_utf8_next_char (p), n++)
    {
      if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
        continue;
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
xlsx_begin (Exporter *ex, GError **error)
{
  /* Constant memory: rows go to disk as they are written. */
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE };
  static const double widths[N_COLUMNS] = {
    8, 20, 18, 60, 80, 40, 12, 16, 16, 12, 16, 16, 12, 16, 16, 30, 30, 20, 8, 8, 20,
  };

  ex->workbook = workbook_new_opt (ex->tmp_path, &options);
  if (ex->workbook == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot start the spreadsheet “%s”", ex->path);
      return FALSE;
    }
  if (!xlsx_check (workbook_set_properties (ex->workbook, &(lxw_doc_properties) {
                      .title = (char *) exporter_title (ex),
                      .comments = ex->options->filter_description,
                    }), error))
    return FALSE;
  ex->sheet = workbook_add_worksheet (ex->workbook, "التقارير");
  worksheet_right_to_left (ex->sheet);
  worksheet_freeze_panes (ex->sheet, 1, 0);

  ex->header_format = workbook_add_format (ex->workbook);
  format_set_bold (ex->header_format);
  format_set_bg_color (ex->header_format, 0xE8ECEF);
  format_set_bottom (ex->header_format, LXW_BORDER_THIN);
  ex->date_format = workbook_add_format (ex->workbook);
  format_set_num_format (ex->date_format, "yyyy-mm-dd hh:mm");

  for (guint i = 0; i < N_COLUMNS; i++)
    if (!xlsx_check (worksheet_set_column (ex->sheet, i, i, widths[i], NULL), error) ||
        !xlsx_check (worksheet_write_string (ex->sheet, 0, i, column_names[i], ex->header_format), error))
      return FALSE;
  ex->row = 1;
  return TRUE;
}

static gboolean
xlsx_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_auto(Row) row = { { 0 } };
  lxw_row_t r = ex->row++;

  row_fill (ex, report, &row);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      const char *cell = row.cell[i];
      lxw_error status = LXW_NO_ERROR;

      if (cell == NULL || *cell == 0)
        continue;
      switch (i)
        {
        case COL_ID:
        case COL_KILLED:
        case COL_INJURED:
          status = worksheet_write_number (ex->sheet, r, i, g_ascii_strtod (cell, NULL), NULL);
          break;

        case COL_PUBLISHED:
          {
            /* Excel dates have no zone: the wall clock in Syria, as read there. */
            g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (rasid_report_get_published (report));
            g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, rasid_syria_timezone ());
            lxw_datetime when = {
              g_date_time_get_year (local), g_date_time_get_month (local), g_date_time_get_day_of_month (local),
              g_date_time_get_hour (local), g_date_time_get_minute (local), g_date_time_get_second (local),
            };
            status = worksheet_write_datetime (ex->sheet, r, i, &when, ex->date_format);
          }
          break;

        case COL_LINK:
          if (is_web_link (cell) && strlen (cell) <= XLSX_MAX_URL && ex->n_links < LXW_MAX_NUMBER_URLS)
            {
              ex->n_links++;
              status = worksheet_write_url (ex->sheet, r, i, cell, NULL);
              break;
            }
          G_GNUC_FALLTHROUGH;

        default:
          {
            g_autofree char *text = xlsx_text (cell);
            status = worksheet_write_string (ex->sheet, r, i, text, NULL);
          }
          break;
        }
      if (!xlsx_check (status, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
xlsx_end (Exporter *ex, GError **error)
{
  lxw_workbook *workbook = g_steal_pointer (&ex->workbook);

  worksheet_autofilter (ex->sheet, 0, 0, ex->row - 1, N_COLUMNS - 1);
  return xlsx_check (workbook_close (workbook), error) && sync_file (ex->tmp_path, error);
}

/* ---- JSON and GeoJSON --------------------------------------------------- */

/* Appends @node at the depth of a report in the document, and frees it. */
static void
json_append_node (GString *out, JsonNode *node)
{
  rasid_report_json_print (out, node, 2);
  json_node_unref (node);
}

static void
json_string_member (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* The envelope's members up to the opening of its list, as "  "name": value,". */
static gboolean
json_envelope_begin (Exporter *ex, JsonBuilder *b, const char *list, GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  json_builder_end_object (b);
  root = json_builder_get_root (b);
  rasid_report_json_print (out, root, 0);
  /* Reopen the object: drop the closing "\n}" and go on with the list. */
  g_string_truncate (out, out->len - 2);
  g_string_append_printf (out, ",\n  \"%s\": [", list);
  return exporter_write (ex, out, error);
}

static gboolean
json_begin (Exporter *ex, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, 1);
  json_string_member (b, "generator", "Rasid " PACKAGE_VERSION);
  json_string_member (b, "exported", ex->generated_iso);
  json_string_member (b, "title", exporter_title (ex));
  json_string_member (b, "filter", ex->options->filter_description);
  return json_envelope_begin (ex, b, "reports", error);
}

static gboolean
json_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_autoptr(GString) out = g_string_new (ex->n_written ? ",\n    " : "\n    ");

  json_append_node (out, rasid_report_json_report (report, ex->gazetteer, RASID_REPORT_JSON_EXPORT));
  ex->n_written++;
  return exporter_write (ex, out, error);
}

static gboolean
json_end (Exporter *ex, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_string_append_printf (out, "%s],\n  \"count\": %u\n}\n", ex->n_written ? "\n  " : "", ex->n_written);
  return exporter_write (ex, out, error) && exporter_close_out (ex, error);
}

static gboolean
geojson_begin (Exporter *ex, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_string_member (b, "type", "FeatureCollection");
  /* RFC 7946 allows foreign members; readers that do not know them skip them. */
  json_string_member (b, "title", exporter_title (ex));
  return json_envelope_begin (ex, b, "features", error);
}

/* One Point per report-place the gazetteer can put on a map. */
static gboolean
geojson_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *published = rasid_format_iso8601 (rasid_report_get_published (report), NULL);
  GPtrArray *places = rasid_report_get_places (report);

  for (guint i = 0; i < places->len; i++)
    {
      RasidReportPlace *p = g_ptr_array_index (places, i);
      const RasidPlace *known = ex->gazetteer ? rasid_gazetteer_lookup (ex->gazetteer, p->id) : NULL;
      g_autoptr(JsonBuilder) b = NULL;
      RasidPlaceAdmin admin[3];

      if (known == NULL || !isfinite (known->lat) || !isfinite (known->lon))
        continue;
      rasid_report_json_place_admins (ex->gazetteer, p, admin);
      b = json_builder_new ();
      json_builder_begin_object (b);
      json_string_member (b, "type", "Feature");
      json_builder_set_member_name (b, "geometry");
      json_builder_begin_object (b);
      json_string_member (b, "type", "Point");
      json_builder_set_member_name (b, "coordinates");
      json_builder_begin_array (b);
      json_builder_add_double_value (b, known->lon);
      json_builder_add_double_value (b, known->lat);
      json_builder_end_array (b);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "report_id");
      json_builder_add_int_value (b, rasid_report_get_id (report));
      json_string_member (b, "title", rasid_report_get_title (report));
      json_string_member (b, "published", published);
      json_string_member (b, "link", rasid_report_get_link (report));
      json_string_member (b, "place_id", p->id);
      json_string_member (b, "place_name", p->name_ar);
      json_string_member (b, "place_name_en", p->name_en);
      json_string_member (b, "qualifier", p->qualifier);
      json_string_member (b, "admin1", admin[0].pcode);
      json_string_member (b, "admin1_name", admin[0].name_ar);
      json_string_member (b, "admin1_name_en", admin[0].name_en);
      json_builder_end_object (b);
      json_builder_end_object (b);
      g_string_append (out, ex->n_written++ ? ",\n    " : "\n    ");
      json_append_node (out, json_builder_get_root (b));
    }
  return out->len == 0 || exporter_write (ex, out, error);
}

static gboolean
geojson_end (Exporter *ex, GError **error)
{
  g_autoptr(GString) out = g_string_new (ex->n_written ? "\n  ]\n}\n" : "]\n}\n");

  return exporter_write (ex, out, error) && exporter_close_out (ex, error);
}

/* ---- HTML --------------------------------------------------------------- */

static void
html_text (GString *out, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

static const char html_style[] =
  "body { font-family: \"Noto Naskh Arabic\", \"Noto Sans Arabic\", \"Amiri\", serif; line-height: 1.7;\n"
  "       max-width: 48em; margin: 2em auto; padding: 0 1em; color: #1b1b1b; background: #fff; }\n"
  "h1 { font-size: 1.8em; margin-block-end: 0.2em; }\n"
  ".filter, .summary { color: #555; margin: 0.2em 0; }\n"
  ".report { border-block-start: 1px solid #ccc; padding-block: 0.8em; }\n"
  ".report h2 { font-size: 1.25em; margin: 0 0 0.3em; }\n"
  ".meta { color: #555; font-size: 0.9em; margin: 0 0 0.5em; padding: 0; list-style: none; }\n"
  ".meta li { display: inline; }\n"
  ".meta li + li::before { content: \" · \"; }\n"
  ".meta b { font-weight: 600; }\n"
  ".date, .url { direction: ltr; unicode-bidi: isolate; }\n"
  ".body p { margin: 0 0 0.6em; }\n"
  ".link { font-size: 0.9em; word-break: break-all; }\n"
  "@media print {\n"
  "  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; color: #000; }\n"
  "  h1 { font-size: 18pt; }\n"
  "  .report { break-inside: avoid-page; page-break-inside: avoid; }\n"
  "  .report h2 { font-size: 13pt; break-after: avoid-page; page-break-after: avoid; }\n"
  "  a { color: #000; text-decoration: none; }\n"
  "  .meta, .filter, .summary { color: #333; }\n"
  "}\n";

static gboolean
html_begin (Exporter *ex, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *title = exporter_title (ex);

  /* The policy forbids scripts and anything fetched from elsewhere, even if
   * some text ever slipped through the escaping. */
  g_string_append (out, "<!DOCTYPE html>\n<html dir=\"rtl\" lang=\"ar\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        "style-src 'unsafe-inline'\">\n"
                        "<meta name=\"generator\" content=\"Rasid " PACKAGE_VERSION "\">\n<title>");
  html_text (out, title);
  g_string_append_printf (out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<div class=\"header\">\n<h1>", html_style);
  html_text (out, title);
  g_string_append (out, "</h1>\n");
  if (ex->options->filter_description && *ex->options->filter_description)
    {
      g_string_append (out, "<p class=\"filter\"><b>" LABEL_FILTER ":</b> ");
      html_text (out, ex->options->filter_description);
      g_string_append (out, "</p>\n");
    }
  g_string_append_printf (out, "<p class=\"summary\">" LABEL_COUNT ": %u · " LABEL_GENERATED
                          ": <span class=\"date\">%s</span></p>\n</div>\n", ex->n_ids, ex->generated);
  return exporter_write (ex, out, error);
}

static gboolean
html_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) fields = report_fields (report);
  g_autofree char *title = one_line (rasid_report_get_title (report));
  g_autofree char *body = unix_lines (rasid_report_get_body (report));
  g_autofree char *iso = rasid_format_iso8601 (rasid_report_get_published (report), NULL);
  g_auto(GStrv) paragraphs = g_strsplit (body, "\n\n", -1);
  const char *link = rasid_report_get_link (report);

  g_string_append_printf (out, "<div class=\"report\" id=\"report-%" G_GINT64_FORMAT "\">\n<h2>",
                          rasid_report_get_id (report));
  html_text (out, title);
  g_string_append (out, "</h2>\n<ul class=\"meta\">\n");
  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = g_ptr_array_index (fields, i);

      g_string_append_printf (out, "<li><b>%s:</b> ", field->label);
      if (g_str_equal (field->label, LABEL_DATE))
        {
          g_string_append_printf (out, "<span class=\"date\" title=\"%s\">", iso);
          html_text (out, field->value);
          g_string_append (out, "</span>");
        }
      else
        html_text (out, field->value);
      g_string_append (out, "</li>\n");
    }
  g_string_append (out, "</ul>\n<div class=\"body\">\n");
  for (guint i = 0; paragraphs[i]; i++)
    {
      g_auto(GStrv) lines = NULL;

      if (*g_strstrip (paragraphs[i]) == 0)
        continue;
      lines = g_strsplit (paragraphs[i], "\n", -1);
      g_string_append (out, "<p>");
      for (guint k = 0; lines[k]; k++)
        {
          if (k)
            g_string_append (out, "<br>\n");
          html_text (out, lines[k]);
        }
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</div>\n");
  if (link && *link)
    {
      g_string_append (out, "<p class=\"link\"><b>" LABEL_LINK ":</b> ");
      /* Only web addresses become links: no javascript:, data: or file:. */
      if (is_web_link (link))
        {
          g_string_append (out, "<a class=\"url\" href=\"");
          html_text (out, link);
          g_string_append (out, "\" rel=\"noreferrer noopener\">");
          html_text (out, link);
          g_string_append (out, "</a>");
        }
      else
        {
          g_string_append (out, "<span class=\"url\">");
          html_text (out, link);
          g_string_append (out, "</span>");
        }
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</div>\n");
  return exporter_write (ex, out, error);
}

static gboolean
html_end (Exporter *ex, GError **error)
{
  g_autoptr(GString) out = g_string_new ("</body>\n</html>\n");

  return exporter_write (ex, out, error) && exporter_close_out (ex, error);
}

/* ---- Markdown ----------------------------------------------------------- */

/* CommonMark: any ASCII punctuation may be backslash-escaped. Escape what
 * could start markup anywhere, and what starts a block at a line's start. */
static void
md_text (GString *out, const char *text)
{
  gboolean line_start = TRUE;

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (line_start)
        {
          const char *q = p;

          while (g_ascii_isdigit (*q))
            q++;
          if (strchr ("#+-=", *p) && *p)
            g_string_append_c (out, '\\');
          else if (q > p && (*q == '.' || *q == ')'))
            {
              g_string_append_len (out, p, q - p);
              g_string_append_c (out, '\\');
              p = q;
            }
        }
      if (strchr ("\\`*_[]<>|~&!", *p) && *p)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
      line_start = *p == '\n';
    }
}

static gboolean
md_begin (Exporter *ex, GError **error)
{
  g_autoptr(GString) out = g_string_new ("# ");
  g_autofree char *title = one_line (exporter_title (ex));

  md_text (out, title);
  g_string_append (out, "\n\n");
  if (ex->options->filter_description && *ex->options->filter_description)
    {
      g_autofree char *filter = one_line (ex->options->filter_description);
      g_string_append (out, "**" LABEL_FILTER ":** ");
      md_text (out, filter);
      g_string_append (out, "\n\n");
    }
  g_string_append_printf (out, "**" LABEL_COUNT ":** %u · **" LABEL_GENERATED ":** %s\n", ex->n_ids, ex->generated);
  return exporter_write (ex, out, error);
}

static gboolean
md_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_autoptr(GString) out = g_string_new ("\n---\n\n## ");
  g_autoptr(GPtrArray) fields = report_fields (report);
  g_autofree char *title = one_line (rasid_report_get_title (report));
  g_autofree char *body = unix_lines (rasid_report_get_body (report));
  g_auto(GStrv) paragraphs = g_strsplit (body, "\n\n", -1);
  const char *link = rasid_report_get_link (report);

  md_text (out, title);
  g_string_append (out, "\n\n");
  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = g_ptr_array_index (fields, i);
      g_autofree char *value = one_line (field->value);

      g_string_append_printf (out, "- **%s:** ", field->label);
      md_text (out, value);
      g_string_append_c (out, '\n');
    }
  if (link && *link)
    {
      g_string_append (out, "- **" LABEL_LINK ":** ");
      /* An autolink cannot hold spaces or angle brackets. */
      if (is_web_link (link) && strpbrk (link, " <>\t\r\n") == NULL)
        g_string_append_printf (out, "<%s>", link);
      else
        md_text (out, link);
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; paragraphs[i]; i++)
    {
      if (*g_strstrip (paragraphs[i]) == 0)
        continue;
      g_string_append_c (out, '\n');
      md_text (out, paragraphs[i]);
      g_string_append_c (out, '\n');
    }
  return exporter_write (ex, out, error);
}

/* ---- PDF ---------------------------------------------------------------- */

#define A4_WIDTH     595.2756
#define A4_HEIGHT    841.8898
#define MARGIN       56.0       /* 2 cm */
#define TOP          (MARGIN + 10.0)
#define BOTTOM       (A4_HEIGHT - MARGIN - 14.0)
#define TEXT_WIDTH   (A4_WIDTH - 2 * MARGIN)

/* Families in order: Pango takes the first that has the glyphs. */
#define PDF_FAMILIES "Noto Naskh Arabic,Noto Sans Arabic,Sans"

static PangoLayout *
pdf_layout (Exporter *ex, const char *text, const char *style, gboolean auto_dir)
{
  PangoLayout *layout = pango_layout_new (ex->pango);
  g_autofree char *font = g_strconcat (PDF_FAMILIES " ", style, NULL);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) (TEXT_WIDTH * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* With the context's base direction RTL, RIGHT is the start of an Arabic
   * paragraph; an auto-directed English paragraph flips to the left. */
  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_layout_set_auto_dir (layout, auto_dir);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
pdf_color (Exporter *ex, double r, double g, double b)
{
  if (ex->cr)
    cairo_set_source_rgb (ex->cr, r, g, b);
}

static void
pdf_page_chrome (Exporter *ex)
{
  g_autofree char *footer = g_strdup_printf (PAGE_OF_FORMAT, ex->page, ex->n_pages);
  g_autoptr(PangoLayout) layout = pdf_layout (ex, footer, "9", FALSE);

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb (ex->cr, 0.35, 0.35, 0.35);
  cairo_move_to (ex->cr, MARGIN, A4_HEIGHT - MARGIN);
  pango_cairo_show_layout (ex->cr, layout);
  if (ex->page > 1)
    {
      g_autoptr(PangoLayout) head = pdf_layout (ex, exporter_title (ex), "8", FALSE);

      pango_layout_set_ellipsize (head, PANGO_ELLIPSIZE_END);
      cairo_move_to (ex->cr, MARGIN, MARGIN - 18);
      pango_cairo_show_layout (ex->cr, head);
    }
}

static void
pdf_new_page (Exporter *ex)
{
  if (ex->cr)
    {
      pdf_page_chrome (ex);
      cairo_show_page (ex->cr);
    }
  ex->page++;
  ex->y = TOP;
}

/* Places @layout line by line, starting a page where one is full; both
 * passes run this, so they agree on every page break. */
static void
pdf_flow (Exporter *ex, PangoLayout *layout, const char *link)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      int y0, y1;
      double height;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      height = (double) (y1 - y0) / PANGO_SCALE;
      if (ex->y + height > BOTTOM && ex->y > TOP)
        pdf_new_page (ex);
      if (ex->cr)
        {
          double baseline = (double) (pango_layout_iter_get_baseline (iter) - y0) / PANGO_SCALE;

          if (link)
            {
              g_autoptr(GString) attrs = g_string_new ("uri='");
              for (const char *p = link; *p; p++)
                {
                  if (*p == '\'' || *p == '\\')
                    g_string_append_c (attrs, '\\');
                  g_string_append_c (attrs, *p);
                }
              g_string_append_c (attrs, '\'');
              cairo_tag_begin (ex->cr, CAIRO_TAG_LINK, attrs->str);
            }
          cairo_move_to (ex->cr, MARGIN + (double) logical.x / PANGO_SCALE, ex->y + baseline);
          pango_cairo_show_layout_line (ex->cr, pango_layout_iter_get_line_readonly (iter));
          if (link)
            cairo_tag_end (ex->cr, CAIRO_TAG_LINK);
        }
      ex->y += height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}


/* A horizontal rule across the text block at the current line (drawn only
 * on the pass that renders; the counting pass has no cairo context). */
static void
pdf_rule (Exporter *ex, double gray, double width)
{
  if (ex->cr == NULL)
    return;
  cairo_set_source_rgb (ex->cr, gray, gray, gray);
  cairo_set_line_width (ex->cr, width);
  cairo_move_to (ex->cr, MARGIN, ex->y);
  cairo_line_to (ex->cr, A4_WIDTH - MARGIN, ex->y);
  cairo_stroke (ex->cr);
}

static gboolean
pdf_begin (Exporter *ex, GError **error)
{
  g_autoptr(PangoLayout) title = NULL;
  g_autofree char *summary = NULL;

  if (ex->pango == NULL)
    {
      cairo_font_options_t *font_options = cairo_font_options_create ();

      ex->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      /* Unhinted metrics at 72 dpi: one unit is one point, and the layout
       * does not depend on the surface, so both passes match. */
      pango_cairo_context_set_resolution (ex->pango, 72.0);
      cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
      pango_cairo_context_set_font_options (ex->pango, font_options);
      cairo_font_options_destroy (font_options);
      pango_context_set_base_dir (ex->pango, PANGO_DIRECTION_RTL);
      pango_context_set_language (ex->pango, pango_language_from_string ("ar"));
    }

  if (ex->pass == 1)
    {
      ex->n_pages = ex->page;
      ex->surface = cairo_pdf_surface_create (ex->tmp_path, A4_WIDTH, A4_HEIGHT);
      cairo_pdf_surface_set_metadata (ex->surface, CAIRO_PDF_METADATA_TITLE, exporter_title (ex));
      cairo_pdf_surface_set_metadata (ex->surface, CAIRO_PDF_METADATA_CREATOR, "Rasid " PACKAGE_VERSION);
      ex->cr = cairo_create (ex->surface);
      if (cairo_status (ex->cr) != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot start the PDF “%s”: %s", ex->path,
                       cairo_status_to_string (cairo_status (ex->cr)));
          return FALSE;
        }
    }
  ex->page = 1;
  ex->y = MARGIN;

  title = pdf_layout (ex, exporter_title (ex), "Bold 20", FALSE);
  pdf_color (ex, 0, 0, 0);
  pdf_flow (ex, title, NULL);
  ex->y += 4;
  if (ex->options->filter_description && *ex->options->filter_description)
    {
      g_autofree char *text = g_strdup_printf (LABEL_FILTER ": %s", ex->options->filter_description);
      g_autoptr(PangoLayout) filter = pdf_layout (ex, text, "11", FALSE);

      pdf_color (ex, 0.25, 0.25, 0.25);
      pdf_flow (ex, filter, NULL);
    }
  summary = g_strdup_printf (LABEL_COUNT ": %u  ·  " LABEL_GENERATED ": %s", ex->n_ids, ex->generated);
  {
    g_autoptr(PangoLayout) layout = pdf_layout (ex, summary, "9", FALSE);
    pdf_color (ex, 0.35, 0.35, 0.35);
    pdf_flow (ex, layout, NULL);
  }
  ex->y += 8;
  pdf_rule (ex, 0.2, 1.0);
  ex->y += 10;
  return TRUE;
}

static gboolean
pdf_report (Exporter *ex, RasidReport *report, GError **error)
{
  g_autoptr(GPtrArray) fields = report_fields (report);
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *title_text = one_line (rasid_report_get_title (report));
  g_autofree char *body_text = unix_lines (rasid_report_get_body (report));
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  const char *link = rasid_report_get_link (report);

  /* A title is never left alone at the foot of a page. */
  if (ex->y + 60 > BOTTOM && ex->y > TOP)
    pdf_new_page (ex);

  title = pdf_layout (ex, title_text, "Bold 13", TRUE);
  pdf_color (ex, 0, 0, 0);
  pdf_flow (ex, title, NULL);
  ex->y += 2;

  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = g_ptr_array_index (fields, i);
      g_autofree char *value = one_line (field->value);

      g_string_append_printf (meta, "%s%s: %s", i ? "  ·  " : "", field->label, value);
    }
  layout = pdf_layout (ex, meta->str, "9", FALSE);
  pdf_color (ex, 0.3, 0.3, 0.3);
  pdf_flow (ex, layout, NULL);
  g_clear_object (&layout);

  g_strstrip (body_text);
  if (*body_text)
    {
      ex->y += 3;
      layout = pdf_layout (ex, body_text, "10.5", TRUE);
      pdf_color (ex, 0.1, 0.1, 0.1);
      pdf_flow (ex, layout, NULL);
      g_clear_object (&layout);
    }
  if (link && *link)
    {
      ex->y += 2;
      layout = pdf_layout (ex, link, "8.5", TRUE);
      pdf_color (ex, 0.1, 0.3, 0.65);
      pdf_flow (ex, layout, is_web_link (link) ? link : NULL);
      g_clear_object (&layout);
    }

  ex->y += 6;
  if (ex->y < BOTTOM)
    pdf_rule (ex, 0.8, 0.5);
  ex->y += 10;
  return TRUE;
}

static gboolean
pdf_end (Exporter *ex, GError **error)
{
  cairo_status_t status;

  if (ex->pass == 0)
    return TRUE;      /* the page count is known now */
  pdf_page_chrome (ex);
  cairo_show_page (ex->cr);
  g_clear_pointer (&ex->cr, cairo_destroy);
  cairo_surface_finish (ex->surface);
  status = cairo_surface_status (ex->surface);
  g_clear_pointer (&ex->surface, cairo_surface_destroy);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Writing the PDF “%s” failed: %s", ex->path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return sync_file (ex->tmp_path, error);
}

/* ---- the export --------------------------------------------------------- */

static const Writer writers[] = {
  [RASID_EXPORT_CSV]      = { 1, csv_begin, csv_report, text_end },
  [RASID_EXPORT_XLSX]     = { 1, xlsx_begin, xlsx_report, xlsx_end },
  [RASID_EXPORT_JSON]     = { 1, json_begin, json_report, json_end },
  [RASID_EXPORT_GEOJSON]  = { 1, geojson_begin, geojson_report, geojson_end },
  [RASID_EXPORT_HTML]     = { 1, html_begin, html_report, html_end },
  [RASID_EXPORT_PDF]      = { 2, pdf_begin, pdf_report, pdf_end },
  [RASID_EXPORT_MARKDOWN] = { 1, md_begin, md_report, text_end },
};

/**
 * rasid_export_reports:
 * @gazetteer: (nullable): for admin names and coordinates
 * @ids: (element-type gint64): the reports, in the order to write them
 * @path: the destination; replaced only with @options->overwrite
 * @progress: (nullable): called after each page of reports, in this thread
 *
 * Writes the reports to a temporary file beside @path and renames it into
 * place at the end. Reports are loaded RASID_EXPORT_PAGE_SIZE at a time;
 * @cancellable is checked between pages. On any failure, cancellation
 * included (G_IO_ERROR_CANCELLED), no file is left behind.
 *
 * Returns: TRUE when @path holds the export.
 */
gboolean
rasid_export_reports (RasidStore *store, RasidGazetteer *gazetteer, GArray *ids, const RasidExportOptions *options,
                      const char *path, GCancellable *cancellable, RasidExportProgress progress,
                      gpointer progress_data, GError **error)
{
  g_autoptr(Exporter) ex = NULL;
  const Writer *writer;
  guint done = 0, total;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (RASID_IS_STORE (store), FALSE);
  g_return_val_if_fail (gazetteer == NULL || RASID_IS_GAZETTEER (gazetteer), FALSE);
  g_return_val_if_fail (ids != NULL && g_array_get_element_size (ids) == sizeof (gint64), FALSE);
  g_return_val_if_fail (options != NULL && options->format < G_N_ELEMENTS (writers), FALSE);
  g_return_val_if_fail (path != NULL && *path, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Say so before the work, not after it. */
  if (!check_not_database (rasid_store_get_path (store), path, error) ||
      !check_destination (path, options->overwrite, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  writer = &writers[options->format];
  ex = g_new0 (Exporter, 1);
  ex->options = options;
  ex->writer = writer;
  ex->gazetteer = gazetteer;
  ex->path = g_strdup (path);
  ex->n_ids = ids->len;
  ex->generated = format_local (now, "%Y-%m-%d %H:%M");
  ex->generated_iso = rasid_format_iso8601 (now, NULL);
  total = ids->len * writer->passes;

  if (!exporter_open_temp (ex, options->format != RASID_EXPORT_XLSX && options->format != RASID_EXPORT_PDF, error))
    return FALSE;

  for (ex->pass = 0; ex->pass < writer->passes; ex->pass++)
    {
      ex->n_written = 0;
      if (!writer->begin (ex, error))
        return FALSE;
      for (guint start = 0; start < ids->len; start += RASID_EXPORT_PAGE_SIZE)
        {
          guint n = MIN (RASID_EXPORT_PAGE_SIZE, ids->len - start);
          g_autoptr(GPtrArray) reports = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          reports = rasid_store_load_reports (store, &g_array_index (ids, gint64, start), n, error);
          if (reports == NULL)
            return FALSE;
          for (guint i = 0; i < reports->len; i++)
            if (!writer->report (ex, g_ptr_array_index (reports, i), error))
              return FALSE;
          done += n;
          if (progress)
            progress (done, total, progress_data);
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error) || !writer->end (ex, error))
        return FALSE;
    }
  return exporter_commit (ex, error);
}

/* ---- in a thread, for the window ---------------------------------------- */

typedef struct {
  char               *db_path;
  GArray             *ids;
  RasidExportOptions *options;
  char               *path;
  RasidExportProgress progress;
  gpointer            progress_data;
  GMainContext       *context;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->db_path);
  g_array_unref (job->ids);
  rasid_export_options_free (job->options);
  g_free (job->path);
  g_main_context_unref (job->context);
  g_free (job);
}

typedef struct {
  RasidExportProgress progress;
  gpointer            data;
  guint               done, total;
} ProgressCall;

static gboolean
progress_in_context (gpointer user_data)
{
  ProgressCall *call = user_data;

  call->progress (call->done, call->total, call->data);
  return G_SOURCE_REMOVE;
}

static void
progress_from_thread (guint done, guint total, gpointer user_data)
{
  ExportJob *job = user_data;
  ProgressCall *call = g_new (ProgressCall, 1);

  call->progress = job->progress;
  call->data = job->progress_data;
  call->done = done;
  call->total = total;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, progress_in_context, call, g_free);
}

static void
export_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RasidStore) store = NULL;
  g_autoptr(RasidGazetteer) gazetteer = NULL;

  /* Its own connection and its own gazetteer: nothing is shared with the
   * main thread while the export runs. */
  if ((store = rasid_store_open (job->db_path, &error)) == NULL ||
      (gazetteer = rasid_gazetteer_new_default (&error)) == NULL ||
      !rasid_export_reports (store, gazetteer, job->ids, job->options, job->path, cancellable,
                             job->progress ? progress_from_thread : NULL, job, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * rasid_export_reports_async:
 * @db_path: the cache to read, opened anew in the worker thread
 * @progress: (nullable): called on the caller's thread-default main context;
 *   every call arrives before @callback
 *
 * rasid_export_reports() in a thread. The ids and options are copied.
 */
void
rasid_export_reports_async (const char *db_path, GArray *ids, const RasidExportOptions *options, const char *path,
                            GCancellable *cancellable, RasidExportProgress progress, gpointer progress_data,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (db_path != NULL && ids != NULL && options != NULL && path != NULL);

  job = g_new0 (ExportJob, 1);
  job->db_path = g_strdup (db_path);
  /* A copy: the caller may keep changing its selection. */
  job->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
  g_array_append_vals (job->ids, ids->data, ids->len);
  job->options = rasid_export_options_copy (options);
  job->path = g_strdup (path);
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rasid_export_reports_async);
  g_task_set_name (task, "rasid-export");
  /* The result says whether the file was written, even if a cancel came
   * after the rename. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
rasid_export_reports_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rasid_export_reports_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
