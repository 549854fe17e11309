/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rasid-source-health.c: a fetch's GError (or HTTP status) mapped to a
 * cause at the time of the fetch, stored with the source
 * (sources.last_error_kind), and told in the UI language. The library's
 * own message stays in sources.last_error for the detail. */
#include "config.h"
#include "rasid-source-health.h"
#include "rasid-feed.h"
#include "rasid-fetcher.h"
#include "rasid-store.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

/* Stable names, as stored in the database: never renumber, never rename. */
static const char *cause_names[] = {
  [RASID_SOURCE_CAUSE_NONE] = "none",
  [RASID_SOURCE_CAUSE_RESOLVE] = "resolve",
  [RASID_SOURCE_CAUSE_REFUSED] = "refused",
  [RASID_SOURCE_CAUSE_TIMED_OUT] = "timed-out",
  [RASID_SOURCE_CAUSE_NETWORK] = "network",
  [RASID_SOURCE_CAUSE_TLS] = "tls",
  [RASID_SOURCE_CAUSE_HTTP] = "http",
  [RASID_SOURCE_CAUSE_NOT_FEED] = "not-feed",
  [RASID_SOURCE_CAUSE_MALFORMED] = "malformed",
  [RASID_SOURCE_CAUSE_TOO_LARGE] = "too-large",
  [RASID_SOURCE_CAUSE_UNSUPPORTED] = "unsupported",
  [RASID_SOURCE_CAUSE_STORE] = "store",
  [RASID_SOURCE_CAUSE_OTHER] = "other",
};

/**
 * rasid_source_cause_from_error:
 *
 * The cause of a failed fetch, parse or store, from the error's domain and
 * code: what the analyst can do about it differs by cause, not by library.
 */
RasidSourceCause
rasid_source_cause_from_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, RASID_SOURCE_CAUSE_OTHER);

  if (error->domain == G_RESOLVER_ERROR)
    return RASID_SOURCE_CAUSE_RESOLVE;
  if (error->domain == G_TLS_ERROR)
    return RASID_SOURCE_CAUSE_TLS;
  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_CONNECTION_REFUSED: return RASID_SOURCE_CAUSE_REFUSED;
      case G_IO_ERROR_TIMED_OUT: return RASID_SOURCE_CAUSE_TIMED_OUT;
      case G_IO_ERROR_HOST_NOT_FOUND: return RASID_SOURCE_CAUSE_RESOLVE;
      case G_IO_ERROR_NETWORK_UNREACHABLE:
      case G_IO_ERROR_HOST_UNREACHABLE:
      case G_IO_ERROR_CONNECTION_CLOSED:
      case G_IO_ERROR_PROXY_FAILED:
      case G_IO_ERROR_PROXY_NOT_ALLOWED:
      case G_IO_ERROR_PROXY_AUTH_FAILED:
      case G_IO_ERROR_PROXY_NEED_AUTH:
        return RASID_SOURCE_CAUSE_NETWORK;
      case G_IO_ERROR_NOT_FOUND:
      case G_IO_ERROR_NOT_REGULAR_FILE:
      case G_IO_ERROR_IS_DIRECTORY:
      case G_IO_ERROR_NOT_SUPPORTED:
        return RASID_SOURCE_CAUSE_UNSUPPORTED;
      default:
        return RASID_SOURCE_CAUSE_OTHER;
      }
  if (error->domain == RASID_FETCH_ERROR)
    switch ((RasidFetchError) error->code)
      {
      case RASID_FETCH_ERROR_HTTP: return RASID_SOURCE_CAUSE_HTTP;
      case RASID_FETCH_ERROR_TOO_LARGE: return RASID_SOURCE_CAUSE_TOO_LARGE;
      case RASID_FETCH_ERROR_OFFLINE: return RASID_SOURCE_CAUSE_NETWORK;
      case RASID_FETCH_ERROR_DEADLINE: return RASID_SOURCE_CAUSE_TIMED_OUT;
      case RASID_FETCH_ERROR_UNSUPPORTED:
      case RASID_FETCH_ERROR_NOT_REGULAR:
        return RASID_SOURCE_CAUSE_UNSUPPORTED;
      default:
        return RASID_SOURCE_CAUSE_OTHER;
      }
  if (error->domain == RASID_FEED_ERROR)
    return error->code == RASID_FEED_ERROR_UNKNOWN_FORMAT ? RASID_SOURCE_CAUSE_NOT_FEED
                                                          : RASID_SOURCE_CAUSE_MALFORMED;
  if (error->domain == RASID_STORE_ERROR)
    return RASID_SOURCE_CAUSE_STORE;
  /* A server whose answer libsoup cannot read at all. */
  if (error->domain == SOUP_SESSION_ERROR)
    return RASID_SOURCE_CAUSE_HTTP;
  return RASID_SOURCE_CAUSE_OTHER;
}

/* The cause of a fetch that completed with @http_status. */
RasidSourceCause
rasid_source_cause_from_status (guint http_status)
{
  if (http_status == 0 || SOUP_STATUS_IS_SUCCESSFUL (http_status) || http_status == SOUP_STATUS_NOT_MODIFIED)
    return RASID_SOURCE_CAUSE_NONE;
  return RASID_SOURCE_CAUSE_HTTP;
}

const char *
rasid_source_cause_to_string (RasidSourceCause cause)
{
  g_return_val_if_fail (cause < G_N_ELEMENTS (cause_names), "other");
  return cause_names[cause];
}

/* NULL is no cause; a name this version does not know (written by a newer
 * one) is OTHER. */
RasidSourceCause
rasid_source_cause_from_string (const char *name)
{
  if (name == NULL)
    return RASID_SOURCE_CAUSE_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (cause_names); i++)
    if (g_str_equal (cause_names[i], name))
      return i;
  return RASID_SOURCE_CAUSE_OTHER;
}

/* Failures of the way to the server, not of the server's answer: worth
 * adding the source anyway and trying again later. */
gboolean
rasid_source_cause_is_network (RasidSourceCause cause)
{
  return cause == RASID_SOURCE_CAUSE_RESOLVE || cause == RASID_SOURCE_CAUSE_REFUSED ||
         cause == RASID_SOURCE_CAUSE_TIMED_OUT || cause == RASID_SOURCE_CAUSE_NETWORK;
}

/**
 * rasid_source_cause_describe:
 * @http_status: the status of the last answer, for %RASID_SOURCE_CAUSE_HTTP
 *
 * The cause in plain words of the UI language.
 */
char *
rasid_source_cause_describe (RasidSourceCause cause, guint http_status)
{
  switch (cause)
    {
    case RASID_SOURCE_CAUSE_NONE:
      return g_strdup (_("No problem"));
    case RASID_SOURCE_CAUSE_RESOLVE:
      return g_strdup (_("The server’s name could not be found: check the address or the network connection"));
    case RASID_SOURCE_CAUSE_REFUSED:
      return g_strdup (_("The server refused the connection"));
    case RASID_SOURCE_CAUSE_TIMED_OUT:
      return g_strdup (_("The server took too long to answer"));
    case RASID_SOURCE_CAUSE_NETWORK:
      return g_strdup (_("The network cannot be reached"));
    case RASID_SOURCE_CAUSE_TLS:
      return g_strdup (_("The secure connection failed: the server’s certificate was not accepted"));
    case RASID_SOURCE_CAUSE_HTTP:
      if (http_status == 404 || http_status == 410)
        return g_strdup_printf (_("Nothing at this address (server error %u)"), http_status);
      if (http_status == 401 || http_status == 403)
        return g_strdup_printf (_("The server refuses access (server error %u)"), http_status);
      if (http_status == 429 || http_status == 503)
        return g_strdup_printf (_("The server is busy and asks to come back later (server error %u)"), http_status);
      if (http_status >= 500 && http_status < 600)
        return g_strdup_printf (_("The server failed (server error %u)"), http_status);
      if (http_status >= 300)
        return g_strdup_printf (_("The server answered with error %u"), http_status);
      return g_strdup (_("The server’s answer could not be read"));
    case RASID_SOURCE_CAUSE_NOT_FEED:
      return g_strdup (_("This is not a feed"));
    case RASID_SOURCE_CAUSE_MALFORMED:
      return g_strdup (_("The feed is malformed"));
    case RASID_SOURCE_CAUSE_TOO_LARGE:
      return g_strdup (_("The document is too large"));
    case RASID_SOURCE_CAUSE_UNSUPPORTED:
      return g_strdup (_("Not an address Rasid can fetch"));
    case RASID_SOURCE_CAUSE_STORE:
      return g_strdup (_("Fetched, but the local cache could not keep it"));
    case RASID_SOURCE_CAUSE_OTHER:
    default:
      return g_strdup (_("The fetch failed"));
    }
}

static gboolean
is_network_url (const char *url)
{
  return g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://");
}

/**
 * rasid_source_health_summarize:
 * @sources: (element-type RasidSource): as rasid_store_list_sources() gives them
 *
 * Counts the enabled sources and those failing, for the desk's banner.
 */
void
rasid_source_health_summarize (GPtrArray *sources, RasidSourceHealth *health)
{
  gboolean first = TRUE;

  g_return_if_fail (sources != NULL && health != NULL);
  *health = (RasidSourceHealth) { 0, 0, 0, 0, RASID_SOURCE_CAUSE_NONE };
  for (guint i = 0; i < sources->len; i++)
    {
      const RasidSource *s = g_ptr_array_index (sources, i);
      gboolean failing = s->last_error != NULL;
      gboolean network = is_network_url (s->url);

      if (!s->enabled)
        continue;
      health->n_enabled++;
      health->n_failing += failing;
      health->n_network += network;
      if (!network || !failing)
        continue;
      health->n_network_failing++;
      {
        RasidSourceCause cause = rasid_source_cause_from_string (s->last_error_kind);
        if (cause == RASID_SOURCE_CAUSE_NONE)
          cause = RASID_SOURCE_CAUSE_OTHER;
        if (first)
          health->common_cause = cause;
        else if (health->common_cause != cause)
          health->common_cause = RASID_SOURCE_CAUSE_OTHER;
        first = FALSE;
      }
    }
}
