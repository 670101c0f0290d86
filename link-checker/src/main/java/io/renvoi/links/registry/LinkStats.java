package io.renvoi.links.registry;

import java.util.Map;

/**
 * {@code GET /api/v1/links/stats}, over the whole registry (all replicas), as {@link LinkRegistry#statistics} counts
 * it.
 *
 * @param byStatus entries per status
 * @param byReason entries per reason (suspect and evicted entries)
 * @param checksLastMinute entries checked in the last minute (since the time the API asks for)
 * @param checksTotal checks since the entries were registered
 * @param bytesDownloaded body bytes downloaded by checks since the entries were registered
 */
public record LinkStats(
        Map<String, Long> byStatus,
        Map<String, Long> byReason,
        long checksLastMinute,
        long checksTotal,
        long bytesDownloaded) {}
