/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-cli-private.h: what the command groups of rasid-cli share: exit
 * codes, opening the cache, parsing a command's options. rasid-cli.c holds
 * main() and these; rasid-cli-reports.c (list, export, prune),
 * rasid-cli-sources.c (fetch, sources, add-source, remove-source, preview,
 * discover, OPML) and rasid-cli-reading.c (import-places, reanalyze,
 * analyze) the commands. */
#pragma once

#include <glib.h>

#include "rasid-store.h"

G_BEGIN_DECLS

/* The exit codes README.md documents. */
enum {
  EXIT_OK = 0,
  EXIT_FAILURE_ = 1,       /* the command failed; for fetch, a source's reports could not be stored */
  EXIT_USAGE = 2,
  EXIT_DATABASE = 3,       /* the database is damaged, locked, from a newer Rasid or cannot be opened */
  EXIT_NO_DATABASE = 4,    /* a command that needs a cache found none at the path */
};

typedef enum {
  OPEN_OR_CREATE,   /* commands that add to the cache start one */
  OPEN_EXISTING,    /* commands that read or change what is cached need one */
} OpenMode;

/* --db, or NULL for the default cache. */
extern char *rasid_cli_db;
extern const char *rasid_cli_usage_text;

int         rasid_cli_usage_error   (const char *fmt,
                                     ...) G_GNUC_PRINTF (1, 2);
int         rasid_cli_exit_code_for (const GError *error);
int         rasid_cli_fail          (const GError *error);
RasidStore *rasid_cli_open_store    (OpenMode      mode,
                                     int          *exit_code);
gboolean    rasid_cli_parse_command (const char   *name,
                                     const char   *params,
                                     GOptionEntry *entries,
                                     int          *argc,
                                     char       ***argv,
                                     int          *exit_code);
gint64      rasid_cli_parse_when    (const char   *text,
                                     gboolean     *ok);

/* The filter options list, export and stories share (--place … --breaking). */
typedef struct {
  char    *place, *actor, *event, *query, *since, *until;
  gboolean unread, starred, breaking;
} RasidCliFilterArgs;

typedef enum {
  RASID_CLI_FILTER_REPORTS,   /* "Only reports in this place …" */
  RASID_CLI_FILTER_STORIES,   /* "Only stories with a report in this place …" */
} RasidCliFilterWording;

/* As rasid_cli_parse_command(), with the filter options after @entries. */
gboolean     rasid_cli_parse_filter_command (const char            *name,
                                             const char            *params,
                                             const GOptionEntry    *entries,
                                             RasidCliFilterArgs    *args,
                                             RasidCliFilterWording  wording,
                                             int                   *argc,
                                             char                ***argv,
                                             int                   *exit_code);
/* The filter the options give, or NULL with a usage error for a bad date. */
RasidFilter *rasid_cli_filter_from_args     (const char            *name,
                                             const RasidCliFilterArgs *args,
                                             int                   *exit_code);
gboolean     rasid_cli_filter_args_any      (const RasidCliFilterArgs *args);
void         rasid_cli_filter_args_clear    (RasidCliFilterArgs    *args);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RasidCliFilterArgs, rasid_cli_filter_args_clear)

/* One function a command: argv[0] is the command's name. */
int         rasid_cli_list           (int argc, char **argv);
int         rasid_cli_export         (int argc, char **argv);
int         rasid_cli_prune          (int argc, char **argv);
int         rasid_cli_fetch          (int argc, char **argv);
int         rasid_cli_sources        (int argc, char **argv);
int         rasid_cli_add_source     (int argc, char **argv);
int         rasid_cli_remove_source  (int argc, char **argv);
int         rasid_cli_preview        (int argc, char **argv);
int         rasid_cli_discover       (int argc, char **argv);
int         rasid_cli_import_opml    (int argc, char **argv);
int         rasid_cli_export_opml    (int argc, char **argv);
int         rasid_cli_import_places  (int argc, char **argv);
int         rasid_cli_reanalyze      (int argc, char **argv);
int         rasid_cli_analyze        (int argc, char **argv);
int         rasid_cli_stories        (int argc, char **argv);

G_END_DECLS
