/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-source-health.h: why a source's fetch failed, as one of a few
 * causes an analyst can act on, kept beside the library's own message. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  RASID_SOURCE_CAUSE_NONE,
  RASID_SOURCE_CAUSE_RESOLVE,      /* the host name could not be resolved */
  RASID_SOURCE_CAUSE_REFUSED,      /* nothing listens at that address */
  RASID_SOURCE_CAUSE_TIMED_OUT,    /* a read or the whole fetch took too long */
  RASID_SOURCE_CAUSE_NETWORK,      /* no route, no network, connection lost */
  RASID_SOURCE_CAUSE_TLS,          /* certificate or handshake */
  RASID_SOURCE_CAUSE_HTTP,         /* the server answered with an error status */
  RASID_SOURCE_CAUSE_NOT_FEED,     /* a document that is no feed */
  RASID_SOURCE_CAUSE_MALFORMED,    /* a feed that could not be read */
  RASID_SOURCE_CAUSE_TOO_LARGE,
  RASID_SOURCE_CAUSE_UNSUPPORTED,  /* not an address Rasid fetches */
  RASID_SOURCE_CAUSE_STORE,        /* fetched, but the cache could not keep it */
  RASID_SOURCE_CAUSE_OTHER,
} RasidSourceCause;

typedef struct {
  guint            n_enabled;
  guint            n_failing;          /* enabled sources whose last fetch failed */
  guint            n_network;          /* enabled http(s) sources */
  guint            n_network_failing;
  RasidSourceCause common_cause;       /* shared by every failing network source, or OTHER */
} RasidSourceHealth;

RasidSourceCause  rasid_source_cause_from_error  (const GError     *error);
RasidSourceCause  rasid_source_cause_from_status (guint             http_status);
const char       *rasid_source_cause_to_string   (RasidSourceCause  cause);
RasidSourceCause  rasid_source_cause_from_string (const char       *name);
gboolean          rasid_source_cause_is_network  (RasidSourceCause  cause);
char             *rasid_source_cause_describe    (RasidSourceCause  cause,
                                                  guint             http_status);
void              rasid_source_health_summarize  (GPtrArray        *sources,
                                                  RasidSourceHealth *health);

G_END_DECLS
