package io.renvoi.links.check;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.renvoi.common.fetch.PolitenessPolicy;
import io.renvoi.common.index.EnsuredIndex;
import io.renvoi.common.index.IndexDefinition;
import io.renvoi.common.index.OpenSearchClientProducer;
import io.renvoi.common.index.ResponseStatus;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.GetResponse;

/**
 * The link-checker's replicas share each site's politeness: before a check, a replica takes the site's slot in
 * the {@code rag-link-hosts} index (one document per politeness key with {@code nextAllowedAt}), by the same
 * conditional write as leases. Keys and intervals are the fetcher's {@link PolitenessPolicy} (sites, operator
 * host intervals, robots.txt crawl-delay), so a link check is spaced by the same rule as a crawl; the in-process
 * wait is the fetcher's own schedule. A slot is granted at most once per interval across all replicas; a replica
 * denied waits when the wait is short, else leaves the entry due for a later round. {@code delay} zero disables
 * the gate (tests of one replica).
 */
public class HostGate {
    public static final String INDEX = "rag-link-hosts";
    /** The alias {@value #INDEX} over {@code rag-link-hosts-v1}, created from its mapping resource. */
    public static final IndexDefinition DEFINITION =
            IndexDefinition.of("link-hosts", INDEX, 1, HostGate.class, "/io/renvoi/links/registry/rag-link-hosts.json");

    private final OpenSearchClient typed;
    private final Duration delay;
    private final Function<String, String> keyOf;
    private final Function<String, Duration> intervalOf;
    private final Duration maxWait;
    private final EnsuredIndex index;

    /** A gate with a fixed interval per URL host (tests). */
    public HostGate(RestClient client, Duration delay, Duration maxWait) {
        this(client, delay, maxWait, HostGate::host, url -> delay);
    }

    /**
     * @param delay the least interval; zero disables the gate
     * @param keyOf the politeness key of a URL
     * @param intervalOf the site's interval for a URL (at least {@code delay} is used)
     */
    public HostGate(
            RestClient client,
            Duration delay,
            Duration maxWait,
            Function<String, String> keyOf,
            Function<String, Duration> intervalOf) {
        this.typed = OpenSearchClientProducer.typed(client);
        this.delay = delay;
        this.maxWait = maxWait;
        this.keyOf = keyOf;
        this.intervalOf = intervalOf;
        this.index = new EnsuredIndex(client, DEFINITION);
    }

    /**
     * Takes the slot of the URL's host, waiting up to {@code maxWait}.
     *
     * @return when the slot was granted (epoch millis; the host's next slot starts {@code delay} later), or -1
     *     when it was not free in time
     */
    public long enter(String url, String owner) throws IOException {
        if (delay.isZero()) {
            return System.currentTimeMillis();
        }
        String host = keyOf.apply(url);
        Duration interval = intervalOf.apply(url);
        long intervalMs = Math.max(delay.toMillis(), interval.toMillis());
        long deadline = System.currentTimeMillis() + maxWait.toMillis();
        while (true) {
            long now = System.currentTimeMillis();
            long wait = tryTake(host, owner, now, intervalMs);
            if (wait == 0) {
                return now;
            }
            if (now + wait > deadline) {
                return -1;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    /** 0 when the slot was taken, else the time until it frees. */
    long tryTake(String host, String owner, long now, long intervalMs) throws IOException {
        ensureIndex();
        Slot next = new Slot(host, now + intervalMs, owner);
        try {
            GetResponse<Slot> current = typed.get(g -> g.index(INDEX).id(host), Slot.class);
            if (!current.found()) {
                typed.create(c -> c.index(INDEX).id(host).document(next));
                return 0;
            }
            if (current.source().nextAllowedAt() > now) {
                return current.source().nextAllowedAt() - now;
            }
            typed.index(i -> i.index(INDEX)
                    .id(host)
                    .ifSeqNo(current.seqNo())
                    .ifPrimaryTerm(current.primaryTerm())
                    .document(next));
            return 0;
        } catch (OpenSearchException | ResponseException e) {
            if (ResponseStatus.conflict(e)) { // the conditional write lost to another replica's
                return Math.max(1, intervalMs / 10); // another replica just took it: look again soon
            }
            throw e;
        }
    }

    /** A site's slot: who took it last and when the next one starts (epoch millis). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Slot(String host, long nextAllowedAt, String owner) {}

    static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? url : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private void ensureIndex() throws IOException {
        index.ensure();
    }
}
