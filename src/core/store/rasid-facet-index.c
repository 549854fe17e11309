/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-facet-index.c: the desk asks "which reports, newest first" and
 * "how many under each place, faction, event and source" on every click.
 * SQL answers by joining link tables (tens to hundreds of milliseconds on
 * 100 000 reports); here every report is one small record kept in
 * publication order, and one pass over them answers either question in a
 * few milliseconds.
 *
 * The index follows the database through report_changes (schema v7): a
 * report above the highest id read is new; any other change to a report
 * is logged by a trigger, and that report is read again. Full-text search
 * still asks FTS5, and the index intersects its answer.
 *
 * Each record also knows its report's story (schema v9) and the rowid of
 * the story_reports row that files it, so the desk can count stories as
 * it counts reports (see "Stories" below for how the index stays right).
 *
 * One mutex guards everything: callers are worker threads, each with its
 * own connection, and a pass takes milliseconds. */
#include "rasid-facet-index.h"
#include "rasid-store-private.h"
#include "rasid-trends.h"

#include <string.h>

enum {
  FLAG_READ     = 1 << 0,
  FLAG_STARRED  = 1 << 1,
  FLAG_BREAKING = 1 << 2,
  FLAG_DEAD     = 1 << 3,   /* replaced or deleted; freed after the merge */
};

/* The facets of one report, as atoms (interned strings; 0 is "none"):
 * n_places rows of four (place, admin1, admin2, admin3), then the actors,
 * the events and the sources. */
typedef struct {
  gint64  id;
  gint64  published;
  gint64  story;       /* 0: in no story */
  gint64  story_row;   /* the story_reports rowid filing it; 0: none */
  guint32 flags;
  guint16 n_places, n_actors, n_events, n_sources;
  guint32 atoms[];
} Entry;

#define ENTRY_ACTORS(e)  ((e)->atoms + 4 * (e)->n_places)
#define ENTRY_EVENTS(e)  (ENTRY_ACTORS (e) + (e)->n_actors)
#define ENTRY_SOURCES(e) (ENTRY_EVENTS (e) + (e)->n_events)

/* A filter's facet parts, as bits: a facet's counts ignore its own part. */
enum {
  PART_PLACE  = 1 << 0,
  PART_ACTOR  = 1 << 1,
  PART_EVENT  = 1 << 2,
  PART_SOURCE = 1 << 3,
};

#define NO_ATOM G_MAXUINT32   /* a value the index has never seen */

struct _RasidFacetIndex {
  GObject     parent_instance;
  GMutex      lock;
  gint        loaded;       /* atomic, for rasid_facet_index_is_loaded() */
  gint64      max_id;       /* highest report id read */
  gint64      last_seq;     /* last report_changes entry replayed */
  guint64     generation;   /* bumped by every change */
  GHashTable *entries;      /* id → Entry */
  GPtrArray  *order;        /* Entry, newest first */
  gint64      story_rowid;  /* every story_reports row up to this one is read */
  /* The entries in a story, grouped by story (ascending), made again when
   * the generation moved: a pass over them counts each story once. */
  GPtrArray  *by_story;
  guint64     by_story_generation;
  GHashTable *atom_ids;     /* string → atom */
  GPtrArray  *atoms;        /* atom → string */
  /* The last full-text answer, as a bitmap over ids. */
  char       *fts_query;
  guint64     fts_generation;
  guint8     *fts_bits;
  gint64      fts_max_id;
};

G_DEFINE_FINAL_TYPE (RasidFacetIndex, rasid_facet_index, G_TYPE_OBJECT)

static void
clear_entries (RasidFacetIndex *self)
{
  g_hash_table_remove_all (self->entries);
  for (guint i = 0; i < self->order->len; i++)
    g_free (g_ptr_array_index (self->order, i));
  g_ptr_array_set_size (self->order, 0);
  g_ptr_array_set_size (self->by_story, 0);
  self->by_story_generation = 0;
  self->story_rowid = 0;
}

static void
rasid_facet_index_finalize (GObject *object)
{
  RasidFacetIndex *self = RASID_FACET_INDEX (object);

  clear_entries (self);
  g_hash_table_unref (self->entries);
  g_ptr_array_unref (self->order);
  g_ptr_array_unref (self->by_story);
  g_hash_table_unref (self->atom_ids);
  g_ptr_array_unref (self->atoms);
  g_free (self->fts_query);
  g_free (self->fts_bits);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (rasid_facet_index_parent_class)->finalize (object);
}

static void
rasid_facet_index_class_init (RasidFacetIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rasid_facet_index_finalize;
}

static void
rasid_facet_index_init (RasidFacetIndex *self)
{
  g_mutex_init (&self->lock);
  self->entries = g_hash_table_new (g_int64_hash, g_int64_equal);   /* the order owns them */
  self->order = g_ptr_array_new ();
  self->by_story = g_ptr_array_new ();
  self->atom_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->atoms = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->atoms, NULL);   /* atom 0: none */
}

RasidFacetIndex *
rasid_facet_index_new (void)
{
  return g_object_new (RASID_TYPE_FACET_INDEX, NULL);
}

static guint32
intern (RasidFacetIndex *self, const char *text)
{
  gpointer atom;
  char *copy;

  if (text == NULL)
    return 0;
  if (g_hash_table_lookup_extended (self->atom_ids, text, NULL, &atom))
    return GPOINTER_TO_UINT (atom);
  copy = g_strdup (text);
  g_ptr_array_add (self->atoms, copy);
  g_hash_table_insert (self->atom_ids, copy, GUINT_TO_POINTER (self->atoms->len - 1));
  return self->atoms->len - 1;
}

/* The atom of a filter value; NO_ATOM when no report has it. */
static guint32
lookup (RasidFacetIndex *self, const char *text)
{
  gpointer atom;

  if (g_hash_table_lookup_extended (self->atom_ids, text, NULL, &atom))
    return GPOINTER_TO_UINT (atom);
  return NO_ATOM;
}

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  const Entry *x = *(const Entry **) a, *y = *(const Entry **) b;

  if (x->published != y->published)
    return x->published > y->published ? -1 : 1;
  return x->id > y->id ? -1 : x->id < y->id;
}

/* ---- reading the database ------------------------------------------------ */

static gboolean
sql_error (sqlite3 *db, GError **error, const char *what)
{
  g_set_error (error, RASID_STORE_ERROR, RASID_STORE_ERROR_FAILED, "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

/* A query over one table's rows for reports lo..hi, ordered by report. */
typedef struct {
  sqlite3_stmt *stmt;
  gboolean      has_row;
} Stream;

static gboolean
stream_open (Stream *s, sqlite3 *db, const char *sql, gint64 lo, gint64 hi, GError **error)
{
  if (sqlite3_prepare_v2 (db, sql, -1, &s->stmt, NULL) != SQLITE_OK)
    return sql_error (db, error, "Reading the reports for the index failed");
  sqlite3_bind_int64 (s->stmt, 1, lo);
  sqlite3_bind_int64 (s->stmt, 2, hi);
  return TRUE;
}

static gboolean
stream_next (Stream *s, sqlite3 *db, GError **error)
{
  int rc = sqlite3_step (s->stmt);

  s->has_row = rc == SQLITE_ROW;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sql_error (db, error, "Reading the reports for the index failed");
  return TRUE;
}

enum { S_REPORTS, S_PLACES, S_ACTORS, S_EVENTS, S_SOURCES, N_STREAMS };

/* Reads reports lo..hi with their facets into @out (new entries), by
 * walking the reports and their four link tables side by side in id order. */
static gboolean
load_range (RasidFacetIndex *self, sqlite3 *db, gint64 lo, gint64 hi, GPtrArray *out, GError **error)
{
  static const char *sql[N_STREAMS] = {
    "SELECT r.id, r.published, r.read, r.starred, r.breaking, sr.story_id, sr.rowid FROM reports r "
    "LEFT JOIN story_reports sr ON sr.report_id = r.id WHERE r.id BETWEEN ?1 AND ?2 ORDER BY r.id",
    "SELECT report_id, place_id, admin1, admin2, admin3 FROM report_places "
    "WHERE report_id BETWEEN ?1 AND ?2 ORDER BY report_id",
    "SELECT report_id, actor_id FROM report_actors WHERE report_id BETWEEN ?1 AND ?2 ORDER BY report_id",
    "SELECT report_id, event FROM report_events WHERE report_id BETWEEN ?1 AND ?2 ORDER BY report_id",
    "SELECT DISTINCT report_id, source_id FROM report_sources WHERE report_id BETWEEN ?1 AND ?2 ORDER BY report_id",
  };
  Stream streams[N_STREAMS] = { { 0 } };
  GArray *parts[N_STREAMS] = { NULL };
  gboolean ok = FALSE;

  for (guint s = 0; s < N_STREAMS; s++)
    parts[s] = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint s = 0; s < N_STREAMS; s++)
    {
      if (!stream_open (&streams[s], db, sql[s], lo, hi, error) || !stream_next (&streams[s], db, error))
        goto out;
    }
  while (streams[S_REPORTS].has_row)
    {
      sqlite3_stmt *r = streams[S_REPORTS].stmt;
      gint64 id = sqlite3_column_int64 (r, 0);
      guint n_atoms = 0;
      Entry *e;

      for (guint s = S_PLACES; s < N_STREAMS; s++)
        {
          Stream *st = &streams[s];
          g_array_set_size (parts[s], 0);
          /* Rows of a report this pass does not know (none, with foreign keys on) are skipped. */
          while (st->has_row && sqlite3_column_int64 (st->stmt, 0) <= id)
            {
              if (sqlite3_column_int64 (st->stmt, 0) == id)
                {
                  int columns = sqlite3_column_count (st->stmt);
                  for (int c = 1; c < columns; c++)
                    {
                      guint32 atom = intern (self, (const char *) sqlite3_column_text (st->stmt, c));
                      g_array_append_val (parts[s], atom);
                    }
                }
              if (!stream_next (st, db, error))
                goto out;
            }
          n_atoms += parts[s]->len;
        }

      e = g_malloc (sizeof (Entry) + n_atoms * sizeof (guint32));
      e->id = id;
      e->published = sqlite3_column_int64 (r, 1);
      e->story = sqlite3_column_int64 (r, 5);      /* NULL reads as 0 */
      e->story_row = sqlite3_column_int64 (r, 6);
      e->flags = (sqlite3_column_int (r, 2) ? FLAG_READ : 0) | (sqlite3_column_int (r, 3) ? FLAG_STARRED : 0) |
                 (sqlite3_column_int (r, 4) ? FLAG_BREAKING : 0);
      e->n_places = MIN (parts[S_PLACES]->len / 4, G_MAXUINT16);
      e->n_actors = MIN (parts[S_ACTORS]->len, G_MAXUINT16);
      e->n_events = MIN (parts[S_EVENTS]->len, G_MAXUINT16);
      e->n_sources = MIN (parts[S_SOURCES]->len, G_MAXUINT16);
      memcpy (e->atoms, parts[S_PLACES]->data, 4 * e->n_places * sizeof (guint32));
      memcpy (ENTRY_ACTORS (e), parts[S_ACTORS]->data, e->n_actors * sizeof (guint32));
      memcpy (ENTRY_EVENTS (e), parts[S_EVENTS]->data, e->n_events * sizeof (guint32));
      memcpy (ENTRY_SOURCES (e), parts[S_SOURCES]->data, e->n_sources * sizeof (guint32));
      g_ptr_array_add (out, e);
      if (!stream_next (&streams[S_REPORTS], db, error))
        goto out;
    }
  ok = TRUE;

out:
  for (guint s = 0; s < N_STREAMS; s++)
    {
      sqlite3_finalize (streams[s].stmt);
      g_array_unref (parts[s]);
    }
  if (!ok)
    {
      for (guint i = 0; i < out->len; i++)
        g_free (g_ptr_array_index (out, i));
      g_ptr_array_set_size (out, 0);
    }
  return ok;
}

/* The highest report id, the oldest entry left in the change log and the
 * highest story_reports rowid. */
static gboolean
read_head (sqlite3 *db, gint64 *max_id, gint64 *min_seq, gint64 *story_rowid, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (db, "SELECT (SELECT coalesce (max (id), 0) FROM reports), "
                              "(SELECT coalesce (min (seq), 0) FROM report_changes), "
                              "(SELECT coalesce (max (rowid), 0) FROM story_reports)", -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (db, error, "Reading the report changes failed");
  if ((ok = sqlite3_step (stmt) == SQLITE_ROW))
    {
      *max_id = sqlite3_column_int64 (stmt, 0);
      *min_seq = sqlite3_column_int64 (stmt, 1);
      *story_rowid = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_finalize (stmt);
  return ok || sql_error (db, error, "Reading the report changes failed");
}

/* Puts @fresh (sorted) among the surviving entries: one merge, so a few new
 * reports do not cost a sort of all of them. */
static void
merge_order (RasidFacetIndex *self, GPtrArray *fresh)
{
  GPtrArray *merged = g_ptr_array_sized_new (self->order->len + fresh->len);
  guint i = 0, j = 0;

  g_ptr_array_sort (fresh, compare_entries);
  while (i < self->order->len || j < fresh->len)
    {
      Entry *a = i < self->order->len ? g_ptr_array_index (self->order, i) : NULL;
      Entry *b = j < fresh->len ? g_ptr_array_index (fresh, j) : NULL;

      if (a && (a->flags & FLAG_DEAD))
        {
          g_free (a);
          i++;
        }
      else if (b == NULL || (a && compare_entries (&a, &b) < 0))
        {
          g_ptr_array_add (merged, a);
          i++;
        }
      else
        {
          g_ptr_array_add (merged, b);
          j++;
        }
    }
  g_ptr_array_unref (self->order);
  self->order = merged;
}


/* Each change is read on its own (five short queries); past this many,
 * reading everything (about 0.2 s per 100 000 reports) is as quick. */
#define MAX_REPLAYED 2000

/* ---- stories --------------------------------------------------------------
 * A report is filed in a story by a new story_reports row, without a log
 * entry (ingest files every new report; an entry each would have every
 * reader of the log read each new report again). New rows are those above
 * the highest rowid read, as new reports are those above the highest id:
 * read_stories() reads them and moves their reports to their story. A row
 * removed or moved is logged (schema v11), so its report is read again.
 *
 * SQLite gives a new row the highest rowid plus one, so a rowid can come
 * back once the rows above it are gone: a report filed after the row at
 * the top was removed may take a rowid the index has already passed. Only
 * a removal makes that possible, and a removal of a row the index knew is
 * in the log. So when a filed report is read again, the rows are read from
 * above the highest rowid of the entries kept (not read again, so their
 * rows stayed all along): any row filed since is above it. */

/* The highest story_reports rowid among the entries kept from before this
 * sync (in the order, not replaced): rows there before any removal, so
 * below any rowid reused. */
static gint64
highest_kept_row (RasidFacetIndex *self)
{
  gint64 highest = 0;

  for (guint i = 0; i < self->order->len; i++)
    {
      const Entry *e = g_ptr_array_index (self->order, i);
      if (!(e->flags & FLAG_DEAD) && e->story_row > highest)
        highest = e->story_row;
    }
  return highest;
}

/* Files each report in the story of the story_reports rows above @after
 * (every entry, kept or read in this sync, is in self->entries). */
static gboolean
read_stories (RasidFacetIndex *self, sqlite3 *db, gint64 after, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT rowid, report_id, story_id FROM story_reports WHERE rowid > ?1 ORDER BY rowid",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (db, error, "Reading the stories for the index failed");
  sqlite3_bind_int64 (stmt, 1, after);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 report_id = sqlite3_column_int64 (stmt, 1);
      Entry *e = g_hash_table_lookup (self->entries, &report_id);

      /* Every filed report is there (foreign keys); a missing one is no reason to fail. */
      if (e)
        {
          e->story_row = sqlite3_column_int64 (stmt, 0);
          e->story = sqlite3_column_int64 (stmt, 2);
        }
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE || sql_error (db, error, "Reading the stories for the index failed");
}

static gboolean
sync_locked (RasidFacetIndex *self, RasidStore *store, GError **error)
{
  sqlite3 *db = _rasid_store_get_db (store);
  gboolean own_transaction = sqlite3_get_autocommit (db);
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  gint64 max_id, latest, oldest, story_rowid;
  gboolean full, refiled = FALSE;
  guint n_replayed = 0;

  /* One read transaction: the ids, the log and the rows agree. */
  if (own_transaction && sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (db, error, "Reading the reports for the index failed");
  if ((changed = rasid_store_changes_since (store, self->loaded ? self->last_seq : -1, &latest, error)) == NULL ||
      !read_head (db, &max_id, &oldest, &story_rowid, error))
    goto fail;
  if (self->loaded && max_id == self->max_id && latest == self->last_seq && story_rowid == self->story_rowid)
    {
      if (own_transaction)
        sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      return TRUE;
    }

  /* From scratch the first time, when the log was trimmed past us, when
   * it is behind us (emptied, or another file at this path), and when
   * replaying would be slower. */
  for (guint i = 0; i < changed->len; i++)
    n_replayed += g_array_index (changed, gint64, i) <= self->max_id;
  full = !self->loaded || latest < self->last_seq || (latest > self->last_seq && oldest > self->last_seq + 1) ||
         n_replayed > MAX_REPLAYED;

  if (full)
    {
      clear_entries (self);
      if (!load_range (self, db, 1, max_id, fresh, error))
        goto fail;
    }
  else
    {
      for (guint i = 0; i < changed->len; i++)
        {
          gint64 id = g_array_index (changed, gint64, i);
          Entry *old;

          /* New reports are read below, whatever the log says of them. */
          if (id > self->max_id)
            continue;
          if ((old = g_hash_table_lookup (self->entries, &id)))
            {
              g_hash_table_remove (self->entries, &id);
              old->flags |= FLAG_DEAD;
              refiled |= old->story_row != 0;
            }
          if (!load_range (self, db, id, id, fresh, error))
            goto fail;
        }
      if (max_id > self->max_id && !load_range (self, db, self->max_id + 1, max_id, fresh, error))
        goto fail;
    }
  for (guint i = 0; i < fresh->len; i++)
    {
      Entry *e = g_ptr_array_index (fresh, i);
      g_hash_table_insert (self->entries, &e->id, e);
    }

  /* Stories: a full read has them all; otherwise the rows filed since,
   * and when a filed report was read again (its row may have gone), from
   * the highest row of those kept, below any rowid freed. */
  if (!full)
    {
      gint64 after = refiled ? MIN (self->story_rowid, highest_kept_row (self)) : self->story_rowid;

      if (story_rowid > after && !read_stories (self, db, after, error))
        goto fail;
    }
  if (own_transaction)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

  merge_order (self, fresh);
  g_atomic_int_set (&self->loaded, TRUE);
  self->max_id = max_id;
  self->last_seq = latest;
  self->story_rowid = story_rowid;
  self->generation++;
  return TRUE;

fail:
  if (own_transaction)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  /* Entries taken out for re-reading are gone: start over next time. */
  g_atomic_int_set (&self->loaded, FALSE);
  clear_entries (self);
  for (guint i = 0; i < fresh->len; i++)
    g_free (g_ptr_array_index (fresh, i));
  return FALSE;
}

/**
 * rasid_facet_index_sync:
 * @store: a connection of the calling thread
 *
 * Brings the index up to date with the database: the first time it reads
 * every report (about 0.2 s per 100 000 here), afterwards only what
 * changed. The query and count functions sync first themselves.
 */
gboolean
rasid_facet_index_sync (RasidFacetIndex *self, RasidStore *store, GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return sync_locked (self, store, error);
}

/* Whether the first read is done (a hint, read without the lock, since a
 * thread may hold it for that read): until then SQL answers sooner. */
gboolean
rasid_facet_index_is_loaded (RasidFacetIndex *self)
{
  return g_atomic_int_get (&self->loaded);
}

guint
rasid_facet_index_get_n_reports (RasidFacetIndex *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return self->order->len;
}

/* ---- one pass ------------------------------------------------------------ */

typedef struct {
  guint32          place, actor, event, source;
  RasidPlaceColumn place_column;
  guint            parts;        /* PART_* the filter has */
  const guint8    *fts;          /* NULL: no full-text part */
  gint64           fts_max_id;
  gint64           since, until;
  guint32          flags;        /* FLAG_* required */
  gboolean         unread_only;
} Compiled;

static gboolean
fts_bits_locked (RasidFacetIndex *self, RasidStore *store, const char *query, GError **error)
{
  g_autoptr(GArray) ids = NULL;

  if (self->fts_bits && self->fts_generation == self->generation && g_strcmp0 (self->fts_query, query) == 0)
    return TRUE;
  g_clear_pointer (&self->fts_bits, g_free);
  g_clear_pointer (&self->fts_query, g_free);
  if ((ids = rasid_store_match_ids (store, query, error)) == NULL)
    return FALSE;
  self->fts_max_id = self->max_id;
  self->fts_bits = g_malloc0 (self->max_id / 8 + 1);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      if (id > 0 && id <= self->max_id)
        self->fts_bits[id / 8] |= 1 << (id % 8);
    }
  self->fts_query = g_strdup (query);
  self->fts_generation = self->generation;
  return TRUE;
}

/* Syncs and turns @f into atoms and bits, under the lock. */
static gboolean
compile_locked (RasidFacetIndex *self, RasidStore *store, const RasidFilter *f, Compiled *c, GError **error)
{
  memset (c, 0, sizeof *c);
  if (!sync_locked (self, store, error))
    return FALSE;
  if (f == NULL)
    return TRUE;
  if (f->place_id)
    {
      c->parts |= PART_PLACE;
      c->place = lookup (self, f->place_id);
      c->place_column = _rasid_place_column (f->place_id);
    }
  if (f->actor_id)
    {
      c->parts |= PART_ACTOR;
      c->actor = lookup (self, f->actor_id);
    }
  if (f->event)
    {
      c->parts |= PART_EVENT;
      c->event = lookup (self, f->event);
    }
  if (f->source_id)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, f->source_id);
      c->parts |= PART_SOURCE;
      c->source = lookup (self, text);
    }
  if (f->query && *f->query)
    {
      g_autofree char *fts = rasid_fts_query_from_user (f->query);
      /* Text that makes no query (only punctuation) filters nothing, as in SQL. */
      if (fts)
        {
          if (!fts_bits_locked (self, store, f->query, error))
            return FALSE;
          c->fts = self->fts_bits;
          c->fts_max_id = self->fts_max_id;
        }
    }
  c->since = f->since;
  c->until = f->until;
  c->unread_only = f->unread_only;
  c->flags = (f->starred_only ? FLAG_STARRED : 0) | (f->breaking_only ? FLAG_BREAKING : 0);
  return TRUE;
}

static gboolean
has_atom (const guint32 *atoms, guint n, guint32 atom)
{
  for (guint i = 0; i < n; i++)
    if (atoms[i] == atom)
      return TRUE;
  return FALSE;
}

/* The facet parts @e fails (PART_* bits), or -1 when it fails the rest
 * (text, time, flags), which no facet's counts ignore. */
static int
evaluate (const Compiled *c, const Entry *e)
{
  int fail = 0;

  if (c->since && e->published < c->since)
    return -1;
  if (c->until && e->published >= c->until)
    return -1;
  if ((e->flags & c->flags) != c->flags || (c->unread_only && (e->flags & FLAG_READ)))
    return -1;
  if (c->fts && (e->id > c->fts_max_id || !(c->fts[e->id / 8] & (1 << (e->id % 8)))))
    return -1;
  if (c->parts & PART_PLACE)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < e->n_places && !found; i++)
        found = e->atoms[4 * i + c->place_column] == c->place;
      if (!found)
        fail |= PART_PLACE;
    }
  if ((c->parts & PART_ACTOR) && !has_atom (ENTRY_ACTORS (e), e->n_actors, c->actor))
    fail |= PART_ACTOR;
  if ((c->parts & PART_EVENT) && !has_atom (ENTRY_EVENTS (e), e->n_events, c->event))
    fail |= PART_EVENT;
  if ((c->parts & PART_SOURCE) && !has_atom (ENTRY_SOURCES (e), e->n_sources, c->source))
    fail |= PART_SOURCE;
  return fail;
}

/**
 * rasid_facet_index_query_ids:
 *
 * The same answer as rasid_store_query_ids(), from memory.
 *
 * Returns: (transfer full) (element-type gint64): ids, newest first
 */
GArray *
rasid_facet_index_query_ids (RasidFacetIndex *self, RasidStore *store, const RasidFilter *filter, GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GArray *ids;
  Compiled c;

  if (!compile_locked (self, store, filter, &c, error))
    return NULL;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < self->order->len; i++)
    {
      const Entry *e = g_ptr_array_index (self->order, i);
      if (evaluate (&c, e) == 0)
        g_array_append_val (ids, e->id);
    }
  return ids;
}

static GHashTable *
counts_to_table (RasidFacetIndex *self, const guint32 *counts)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint a = 1; a < self->atoms->len; a++)
    if (counts[a])
      g_hash_table_insert (table, g_strdup (g_ptr_array_index (self->atoms, a)), GUINT_TO_POINTER (counts[a]));
  return table;
}

static int
compare_by_story (gconstpointer a, gconstpointer b)
{
  const Entry *x = *(const Entry **) a, *y = *(const Entry **) b;

  if (x->story != y->story)
    return x->story < y->story ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* The entries in a story, grouped by story, made again after a change. A
 * counting sort over the story ids the entries hold (about 1 ms for 100 000),
 * unless old stories spread those ids very thin. */
static GPtrArray *
by_story_locked (RasidFacetIndex *self)
{
  gint64 lo = G_MAXINT64, hi = G_MININT64;
  guint n = 0;

  if (self->by_story_generation == self->generation)
    return self->by_story;
  for (guint i = 0; i < self->order->len; i++)
    {
      const Entry *e = g_ptr_array_index (self->order, i);
      if (e->story == 0)
        continue;
      lo = MIN (lo, e->story);
      hi = MAX (hi, e->story);
      n++;
    }
  g_ptr_array_set_size (self->by_story, n);
  if (n > 0 && (guint64) (hi - lo) < 8 * (guint64) n + 65536)
    {
      g_autofree guint32 *start = g_new0 (guint32, hi - lo + 2);

      for (guint i = 0; i < self->order->len; i++)
        {
          const Entry *e = g_ptr_array_index (self->order, i);
          if (e->story)
            start[e->story - lo + 1]++;
        }
      for (gint64 k = 1; k <= hi - lo + 1; k++)
        start[k] += start[k - 1];
      for (guint i = 0; i < self->order->len; i++)
        {
          Entry *e = g_ptr_array_index (self->order, i);
          if (e->story)
            self->by_story->pdata[start[e->story - lo]++] = e;
        }
    }
  else if (n > 0)
    {
      guint k = 0;

      for (guint i = 0; i < self->order->len; i++)
        {
          Entry *e = g_ptr_array_index (self->order, i);
          if (e->story)
            self->by_story->pdata[k++] = e;
        }
      g_ptr_array_sort (self->by_story, compare_by_story);
    }
  self->by_story_generation = self->generation;
  return self->by_story;
}

/* What one pass counts: per value, the reports or the stories that have a
 * passing report with it. A value counts once per group (a report, or a
 * story's reports side by side in by_story): its stamp is the group's. */
typedef struct {
  GPtrArray *entries;
  gboolean   stories;
  gboolean   once;       /* a value may come twice in a group: stamp it */
  guint32   *counts;
  guint32   *stamps;
  guint32    group;
  gint64     story;
} Tally;

/* @repeats: a report may give a value twice (places: two towns in one
 * governorate); without it, counting reports needs no stamps. */
static void
tally_init (RasidFacetIndex *self, Tally *t, RasidFacetUnit unit, gboolean repeats)
{
  t->stories = unit == RASID_FACET_UNIT_STORIES;
  t->once = t->stories || repeats;
  t->entries = t->stories ? by_story_locked (self) : self->order;
  t->counts = g_new0 (guint32, self->atoms->len);
  t->stamps = g_new0 (guint32, self->atoms->len);
  t->group = 0;
  t->story = 0;
}

/* Steps to entry @i, a new group when it starts one. */
static inline const Entry *
tally_entry (Tally *t, guint i)
{
  const Entry *e = g_ptr_array_index (t->entries, i);

  if (!t->stories || e->story != t->story)
    {
      t->group++;
      t->story = e->story;
    }
  return e;
}

static inline void
tally_add (Tally *t, guint32 v)
{
  if (!t->once)
    t->counts[v]++;
  else if (t->stamps[v] != t->group)
    {
      t->stamps[v] = t->group;
      t->counts[v]++;
    }
}

static GHashTable *
tally_finish (RasidFacetIndex *self, Tally *t)
{
  GHashTable *table = counts_to_table (self, t->counts);

  g_free (t->counts);
  g_free (t->stamps);
  return table;
}

/* Counts the reports (or stories) passing every part of the filter but
 * @own, per value of the facet @values gives of each report. */
static GHashTable *
count_list (RasidFacetIndex *self, RasidStore *store, const RasidFilter *filter, RasidFacetUnit unit, guint own,
            const guint32 *(*values) (const Entry *, guint *), GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Compiled c;
  Tally t;

  g_return_val_if_fail (RASID_IS_FACET_INDEX (self), NULL);
  g_return_val_if_fail (unit <= RASID_FACET_UNIT_STORIES, NULL);
  locker = g_mutex_locker_new (&self->lock);
  if (!compile_locked (self, store, filter, &c, error))
    return NULL;
  tally_init (self, &t, unit, FALSE);
  for (guint i = 0; i < t.entries->len; i++)
    {
      const Entry *e = tally_entry (&t, i);
      int fail = evaluate (&c, e);
      const guint32 *v;
      guint n;

      if (fail < 0 || (fail & ~own))
        continue;
      v = values (e, &n);
      for (guint k = 0; k < n; k++)
        tally_add (&t, v[k]);
    }
  return tally_finish (self, &t);
}

static const guint32 *
actors_of (const Entry *e, guint *n)
{
  *n = e->n_actors;
  return ENTRY_ACTORS (e);
}

static const guint32 *
events_of (const Entry *e, guint *n)
{
  *n = e->n_events;
  return ENTRY_EVENTS (e);
}

static const guint32 *
sources_of (const Entry *e, guint *n)
{
  *n = e->n_sources;
  return ENTRY_SOURCES (e);
}

GHashTable *
rasid_facet_index_count_actors (RasidFacetIndex *self, RasidStore *store, const RasidFilter *filter, GError **error)
{
  return count_list (self, store, filter, RASID_FACET_UNIT_REPORTS, PART_ACTOR, actors_of, error);
}

GHashTable *
rasid_facet_index_count_events (RasidFacetIndex *self, RasidStore *store, const RasidFilter *filter, GError **error)
{
  return count_list (self, store, filter, RASID_FACET_UNIT_REPORTS, PART_EVENT, events_of, error);
}

/* Keys are source ids as text, as rasid_store_count_sources() gives them. */
GHashTable *
rasid_facet_index_count_sources (RasidFacetIndex *self, RasidStore *store, const RasidFilter *filter, GError **error)
{
  return count_list (self, store, filter, RASID_FACET_UNIT_REPORTS, PART_SOURCE, sources_of, error);
}

/**
 * rasid_facet_index_count_actors_full:
 * @unit: count reports, or stories (each once, when one of its reports passes)
 *
 * Per faction, the reports or the stories with a report that pass every
 * part of @filter but the faction.
 */
GHashTable *
rasid_facet_index_count_actors_full (RasidFacetIndex *self, RasidStore *store, const RasidFilter *filter,
                                     RasidFacetUnit unit, GError **error)
{
  return count_list (self, store, filter, unit, PART_ACTOR, actors_of, error);
}

GHashTable *
rasid_facet_index_count_events_full (RasidFacetIndex *self, RasidStore *store, const RasidFilter *filter,
                                     RasidFacetUnit unit, GError **error)
{
  return count_list (self, store, filter, unit, PART_EVENT, events_of, error);
}

GHashTable *
rasid_facet_index_count_sources_full (RasidFacetIndex *self, RasidStore *store, const RasidFilter *filter,
                                      RasidFacetUnit unit, GError **error)
{
  return count_list (self, store, filter, unit, PART_SOURCE, sources_of, error);
}

/**
 * rasid_facet_index_count_places:
 * @level: 0 governorates, 1 districts, 2 subdistricts, 3 any matched place
 * @parent: (nullable): only places under this id
 *
 * The same answer as rasid_store_count_places(): a report counts once per
 * place however many of its mentions fall there.
 */
GHashTable *
rasid_facet_index_count_places (RasidFacetIndex *self, RasidStore *store, const RasidFilter *filter, guint level,
                                const char *parent, GError **error)
{
  return rasid_facet_index_count_places_full (self, store, filter, RASID_FACET_UNIT_REPORTS, level, parent, error);
}

/**
 * rasid_facet_index_count_places_full:
 * @unit: count reports, or stories (each once per place, when one of its
 *   reports passing the rest of the filter names it)
 * @level: 0 governorates, 1 districts, 2 subdistricts, 3 any matched place
 * @parent: (nullable): only places under this id
 */
GHashTable *
rasid_facet_index_count_places_full (RasidFacetIndex *self, RasidStore *store, const RasidFilter *filter,
                                     RasidFacetUnit unit, guint level, const char *parent, GError **error)
{
  static const RasidPlaceColumn columns[] = {
    RASID_PLACE_COLUMN_ADMIN1, RASID_PLACE_COLUMN_ADMIN2, RASID_PLACE_COLUMN_ADMIN3, RASID_PLACE_COLUMN_PLACE,
  };
  g_autoptr(GMutexLocker) locker = NULL;
  guint32 parent_atom = 0;
  Compiled c;
  Tally t;

  g_return_val_if_fail (RASID_IS_FACET_INDEX (self), NULL);
  g_return_val_if_fail (unit <= RASID_FACET_UNIT_STORIES, NULL);
  g_return_val_if_fail (level < G_N_ELEMENTS (columns), NULL);
  locker = g_mutex_locker_new (&self->lock);
  if (!compile_locked (self, store, filter, &c, error))
    return NULL;
  tally_init (self, &t, unit, TRUE);
  if (parent)
    parent_atom = lookup (self, parent);
  for (guint i = 0; parent_atom != NO_ATOM && i < t.entries->len; i++)
    {
      const Entry *e = tally_entry (&t, i);
      int fail = evaluate (&c, e);

      if (fail < 0 || (fail & ~PART_PLACE))
        continue;
      for (guint p = 0; p < e->n_places; p++)
        {
          const guint32 *row = e->atoms + 4 * p;
          guint32 v = row[columns[level]];

          if (v == 0 || (parent && row[1] != parent_atom && row[2] != parent_atom && row[3] != parent_atom))
            continue;
          tally_add (&t, v);
        }
    }
  return tally_finish (self, &t);
}

/**
 * rasid_facet_index_query_story_ids:
 *
 * The stories with a report @filter matches, as rasid_store_query_stories()
 * finds them, from memory.
 *
 * Returns: (transfer full) (element-type gint64): story ids, ascending
 */
GArray *
rasid_facet_index_query_story_ids (RasidFacetIndex *self, RasidStore *store, const RasidFilter *filter,
                                   GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GPtrArray *entries;
  GArray *ids;
  Compiled c;

  g_return_val_if_fail (RASID_IS_FACET_INDEX (self), NULL);
  locker = g_mutex_locker_new (&self->lock);
  if (!compile_locked (self, store, filter, &c, error))
    return NULL;
  entries = by_story_locked (self);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (entries, i);

      if ((ids->len > 0 && g_array_index (ids, gint64, ids->len - 1) == e->story) || evaluate (&c, e) != 0)
        continue;
      g_array_append_val (ids, e->story);
    }
  return ids;
}

/**
 * rasid_facet_index_query_stories:
 * @min_outlets: only stories confirmed by at least this many outlets
 * @order: the order of the answer
 *
 * The same answer as rasid_store_query_stories_full(): the stories come
 * from memory, their threshold and order from the stories table.
 *
 * Returns: (transfer full) (element-type gint64): story ids
 */
GArray *
rasid_facet_index_query_stories (RasidFacetIndex *self, RasidStore *store, const RasidFilter *filter,
                                 guint min_outlets, RasidStoryOrder order, GError **error)
{
  g_autoptr(GArray) ids = NULL;

  if ((ids = rasid_facet_index_query_story_ids (self, store, filter, error)) == NULL)
    return NULL;
  return rasid_store_select_stories (store, (const gint64 *) ids->data, ids->len, min_outlets, order, error);
}

/**
 * rasid_facet_index_get_story:
 *
 * Returns: the story the index files report @id in; 0 when none or when
 * the index does not hold that report.
 */
gint64
rasid_facet_index_get_story (RasidFacetIndex *self, gint64 id)
{
  g_autoptr(GMutexLocker) locker = NULL;
  const Entry *e;

  g_return_val_if_fail (RASID_IS_FACET_INDEX (self), 0);
  locker = g_mutex_locker_new (&self->lock);
  e = g_hash_table_lookup (self->entries, &id);
  return e ? e->story : 0;
}

/* Feeds @b each story once: at its first report @c matches, with the keys
 * of all its reports @c matches (the builder takes a key once a row). */
static void
add_stories_locked (RasidFacetIndex *self, const Compiled *c, RasidTrendBuilder *b, RasidTrendStack stack)
{
  GPtrArray *entries = by_story_locked (self);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint32));
  gint64 first = 0;
  gboolean any = FALSE;

  for (guint i = 0; i <= entries->len; i++)
    {
      const Entry *e = i < entries->len ? g_ptr_array_index (entries, i) : NULL;

      if (any && (e == NULL || e->story != ((const Entry *) g_ptr_array_index (entries, i - 1))->story))
        {
          _rasid_trend_builder_add (b, first, (const guint32 *) keys->data, keys->len, 1);
          g_array_set_size (keys, 0);
          any = FALSE;
        }
      if (e == NULL || evaluate (c, e) != 0)
        continue;
      if (!any || e->published < first)
        first = e->published;
      any = TRUE;
      switch (stack)
        {
        case RASID_TREND_STACK_GOVERNORATE:
          for (guint p = 0; p < e->n_places; p++)
            g_array_append_val (keys, e->atoms[4 * p + RASID_PLACE_COLUMN_ADMIN1]);
          break;
        case RASID_TREND_STACK_FACTION:
          g_array_append_vals (keys, ENTRY_ACTORS (e), e->n_actors);
          break;
        case RASID_TREND_STACK_EVENT:
        default:
          g_array_append_vals (keys, ENTRY_EVENTS (e), e->n_events);
          break;
        }
    }
}

/**
 * rasid_trend_series_from_index:
 *
 * The same series as rasid_trend_series_from_sql(), from one pass over
 * memory (rasid-trends.c counts it).
 */
RasidTrendSeries *
rasid_trend_series_from_index (RasidFacetIndex *self, RasidStore *store, const RasidFilter *filter,
                               const RasidTrendOptions *options, GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  RasidTrendStack stack = options ? options->stack : RASID_TREND_STACK_GOVERNORATE;
  RasidTrendBuilder *b;
  Compiled c;

  g_return_val_if_fail (RASID_IS_FACET_INDEX (self), NULL);
  g_return_val_if_fail (stack <= RASID_TREND_STACK_EVENT, NULL);
  locker = g_mutex_locker_new (&self->lock);
  if (!compile_locked (self, store, filter, &c, error))
    return NULL;
  b = _rasid_trend_builder_new (filter, options);
  if (options && options->unit == RASID_FACET_UNIT_STORIES)
    {
      add_stories_locked (self, &c, b, stack);
      return _rasid_trend_builder_finish (b, (const char * const *) self->atoms->pdata, self->atoms->len);
    }
  for (guint i = 0; i < self->order->len; i++)
    {
      const Entry *e = g_ptr_array_index (self->order, i);

      if (evaluate (&c, e) != 0)
        continue;
      switch (stack)
        {
        case RASID_TREND_STACK_GOVERNORATE:
          /* The governorate column of each place row. */
          _rasid_trend_builder_add (b, e->published, e->atoms + RASID_PLACE_COLUMN_ADMIN1, e->n_places, 4);
          break;
        case RASID_TREND_STACK_FACTION:
          _rasid_trend_builder_add (b, e->published, ENTRY_ACTORS (e), e->n_actors, 1);
          break;
        case RASID_TREND_STACK_EVENT:
        default:
          _rasid_trend_builder_add (b, e->published, ENTRY_EVENTS (e), e->n_events, 1);
          break;
        }
    }
  return _rasid_trend_builder_finish (b, (const char * const *) self->atoms->pdata, self->atoms->len);
}
