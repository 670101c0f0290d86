package io.renvoi.ingest.frontier;

import io.renvoi.common.fetch.SafeFetcher;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * URLs of one job waiting in this replica's frontier, and the estimated time until the last of them starts:
 * from each host's queue position (jobs round robin within a host) times the time a turn of the host takes: its
 * politeness interval, or the time observed between its recent turns when longer (a slow site).
 *
 * @param queued URLs waiting
 * @param etaMillis time until the last of them is expected to start
 */
record JobBacklog(int queued, long etaMillis) {
    /** The backlog of every job with URLs in {@code hosts} (the caller holds the frontier's lock). */
    static Map<String, JobBacklog> of(Collection<HostQueue> hosts, SafeFetcher fetcher) {
        Map<String, JobBacklog> out = new HashMap<>();
        for (HostQueue host : hosts) {
            FrontierEntry sample = host.peek();
            if (sample == null) {
                continue;
            }
            // the politeness interval is the least a turn takes; a slow site's turns take longer, as observed
            long intervalMs =
                    Math.max(Math.max(fetcher.interval(sample.request.url()).toMillis(), 1), host.turnMillis());
            Map<String, Integer> sizes = host.sizes();
            host.turnsUntilDone()
                    .forEach((share, turns) -> out.merge(
                            share,
                            new JobBacklog(sizes.get(share), turns * intervalMs),
                            (a, b) -> new JobBacklog(a.queued() + b.queued(), Math.max(a.etaMillis(), b.etaMillis()))));
        }
        return out;
    }
}
