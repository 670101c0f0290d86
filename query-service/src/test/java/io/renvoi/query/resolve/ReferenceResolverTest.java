package io.renvoi.query.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.extract.ContentExtractor;
import io.renvoi.common.fetch.FetchLimits;
import io.renvoi.common.fetch.SafeFetcher;
import io.renvoi.common.hash.Sha256;
import io.renvoi.common.source.SourceReader;
import io.renvoi.common.testing.LoopbackSite;
import io.renvoi.query.QueryConfig;
import io.renvoi.query.TestConfigs;
import io.renvoi.query.admission.TooBusyException;
import io.renvoi.query.cache.CachedPassage;
import io.renvoi.query.cache.PassageCache;
import io.renvoi.query.cache.PassageCacheConfig;
import io.renvoi.query.retrieval.Hit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache policies of {@link ReferenceResolver} with a local source site (no Kafka: the publisher's
 * emitters are stubs): a disabled cache (max-bytes 0) re-reads every time; a cached passage past its max-age
 * is re-validated with a conditional request (304 -> verified, no body); an unreachable source's passage is
 * dropped, or kept from the cache with status unreachable when keep-unreachable is on.
 */
class ReferenceResolverTest {
    static final String TEXT = "The Arlberg road tunnel is 13.97 kilometres long and opened in 1978.";
    static final String HTML = "<html><head><title>T</title></head><body><p>" + TEXT + "</p></body></html>";

    static final long SLOW_MS = 2500;

    LoopbackSite site;
    Hit hit;

    @BeforeEach
    void start() throws Exception {
        site = LoopbackSite.start()
                .page("/page", HTML)
                .pages("/slow/", path -> LoopbackSite.Page.status(503).delayed(SLOW_MS));
        String url = site.url("/page");
        String text = new ContentExtractor()
                .extract(HTML.getBytes(StandardCharsets.UTF_8), "text/html", "utf-8", url)
                .document()
                .text();
        int start = text.indexOf(TEXT);
        hit = new Hit(
                "doc-1",
                url,
                "T",
                0,
                start,
                start + TEXT.length(),
                1,
                0.9,
                Sha256.hex(TEXT),
                ContentExtractor.versionFor("text/html"));
    }

    @AfterEach
    void stop() {
        site.close();
    }

    /** The documents whose slow source was asked for, in order. */
    List<String> slowRequests() {
        return site.requests().stream()
                .map(LoopbackSite.Request::path)
                .filter(p -> p.startsWith("/slow/"))
                .map(p -> p.substring("/slow/".length()))
                .toList();
    }

    @Test
    void withTheCacheDisabledEveryAnswerReadsTheSource() {
        ReferenceResolver resolver = resolver(cacheConfig(0, Duration.ofHours(1), false), new SimpleMeterRegistry());
        assertThat(resolver.resolve(List.of(hit), "c").get(0).status()).isEqualTo(PassageStatus.VERIFIED);
        assertThat(resolver.resolve(List.of(hit), "c").get(0).status()).isEqualTo(PassageStatus.VERIFIED);
        assertThat(site.hits("/page")).isEqualTo(2);
    }

    @Test
    void aFreshCachedPassageIsNotReadAgainAndAStaleOneIsRevalidatedConditionally() {
        PassageCacheConfig fresh = cacheConfig(1 << 20, Duration.ofHours(1), false);
        PassageCache cache = new PassageCache(fresh, new SimpleMeterRegistry());
        ReferenceResolver resolver = resolver(cache, fresh);
        assertThat(resolver.resolve(List.of(hit), "c").get(0).status()).isEqualTo(PassageStatus.VERIFIED);
        ResolvedPassage cached = resolver.resolve(List.of(hit), "c").get(0);
        assertThat(cached.status()).isEqualTo(PassageStatus.CACHED);
        assertThat(cached.text()).isEqualTo(TEXT);
        assertThat(site.hits("/page")).isEqualTo(1);

        PassageCacheConfig stale = cacheConfig(1 << 20, Duration.ZERO, false);
        cache.put(
                "doc-1",
                0,
                hit.chunkSha256(),
                new CachedPassage(TEXT, LoopbackSite.etagOf(HTML), null, System.currentTimeMillis() - 1000));
        ResolvedPassage revalidated =
                resolver(cache, stale).resolve(List.of(hit), "c").get(0);
        assertThat(revalidated.status()).isEqualTo(PassageStatus.VERIFIED);
        assertThat(revalidated.text()).isEqualTo(TEXT);
        assertThat(site.notModified("/page")).isEqualTo(1);
    }

    @Test
    void anUnreachableSourceIsDroppedUnlessKeptFromTheCache() {
        for (boolean keep : new boolean[] {false, true}) {
            PassageCacheConfig config = cacheConfig(1 << 20, Duration.ZERO, keep);
            PassageCache cache = new PassageCache(config, new SimpleMeterRegistry());
            cache.put(
                    "doc-1",
                    0,
                    hit.chunkSha256(),
                    new CachedPassage(TEXT, null, null, System.currentTimeMillis() - 1000));
            site.fail("/page", 503);
            ResolvedPassage p =
                    resolver(cache, config).resolve(List.of(hit), "c").get(0);
            assertThat(p.status()).isEqualTo(PassageStatus.UNREACHABLE);
            assertThat(p.usable()).isEqualTo(keep);
            assertThat(p.text()).isEqualTo(keep ? TEXT : null);
        }
    }

    ReferenceResolver resolver(PassageCacheConfig config, SimpleMeterRegistry registry) {
        return resolver(new PassageCache(config, registry), config);
    }

    @Test
    void readsNotDoneAtTheDeadlineAreCancelledAndQueuedOnesNeverStart() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReferenceResolver resolver = oneThreadResolver(4, registry);
        long start = System.nanoTime();
        List<ResolvedPassage> resolved = resolver.resolve(List.of(slowHit("a"), slowHit("b"), slowHit("c")), "c");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(resolved).extracting(ResolvedPassage::status).containsOnly(PassageStatus.UNREACHABLE);
        assertThat(tookMs)
                .as("answered at the deadline, not when the source answers")
                .isLessThan(SLOW_MS - 500);
        assertThat(registry.counter("renvoi.query.rereads.cancelled").count()).isEqualTo(3);
        Thread.sleep(SLOW_MS + 1000);
        assertThat(slowRequests())
                .as("the queued reads were cancelled before they started")
                .containsExactly("a");
        assertThat(registry.get("renvoi.query.rereads.queued").gauge().value()).isZero();
        assertThat(registry.get("renvoi.query.rereads.active").gauge().value()).isZero();
    }

    @Test
    void aFullReReadQueueRefusesTheAnswer() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReferenceResolver resolver = oneThreadResolver(1, registry);
        assertThatThrownBy(() -> resolver.resolve(List.of(slowHit("x"), slowHit("y"), slowHit("z")), "c"))
                .isInstanceOf(TooBusyException.class)
                .hasMessageContaining("re-reads");
        assertThat(registry.counter("renvoi.query.rereads.rejected").count()).isEqualTo(1);
        Thread.sleep(SLOW_MS + 1000);
        assertThat(slowRequests())
                .as("the refused answer's reads were cancelled")
                .hasSizeLessThanOrEqualTo(1);
        // room again: an answer whose documents fit is resolved
        assertThat(resolver.resolve(List.of(hit), "c").get(0).status()).isEqualTo(PassageStatus.VERIFIED);
    }

    /**
     * A resolver without a cache whose answers wait 300 ms for their re-reads, done by one thread with room for
     * {@code queue} more; its meters in {@code registry}.
     */
    ReferenceResolver oneThreadResolver(int queue, SimpleMeterRegistry registry) {
        PassageCacheConfig config = cacheConfig(0, Duration.ofHours(1), false);
        return resolver(
                new PassageCache(config, registry),
                config,
                Map.of("resolveDeadline", Duration.ofMillis(300), "reRead.threads", 1, "reRead.queue", queue),
                registry);
    }

    Hit slowHit(String doc) {
        String url = site.url("/slow/" + doc);
        return new Hit(
                "doc-" + doc, url, "T", 0, 0, 10, 1, 0.9, Sha256.hex(TEXT), ContentExtractor.versionFor("text/html"));
    }

    ReferenceResolver resolver(PassageCache cache, PassageCacheConfig config) {
        return resolver(cache, config, Map.of(), new SimpleMeterRegistry());
    }

    ReferenceResolver resolver(
            PassageCache cache,
            PassageCacheConfig config,
            Map<String, Object> overrides,
            SimpleMeterRegistry registry) {
        QueryConfig query = TestConfigs.query(overrides);
        FetchLimits defaults = FetchLimits.defaults();
        FetchLimits limits = new FetchLimits(
                List.of("127.0.0.1/32"),
                defaults.connectTimeout(),
                defaults.readTimeout(),
                defaults.totalTimeout(),
                defaults.maxBytes(),
                defaults.maxDecompressedBytes(),
                defaults.maxRedirects(),
                defaults.userAgent(),
                defaults.allowedTypes(),
                Duration.ZERO,
                false,
                defaults.robotsTtl(),
                defaults.maxCrawlDelay(),
                Map.of());
        SourceReader reader = new SourceReader(new SafeFetcher(limits), new ContentExtractor(), Chunker::forMiniLm);
        return new ReferenceResolver(
                reader,
                new SourceEventPublisher(
                        new RecordingEmitter(), new RecordingEmitter(), Duration.ofHours(1), Ticker.systemTicker()),
                query,
                cache,
                config,
                registry);
    }

    static PassageCacheConfig cacheConfig(long maxBytes, Duration maxAge, boolean keepUnreachable) {
        return proxy(
                PassageCacheConfig.class,
                Map.of(
                        "maxBytes",
                        maxBytes,
                        "maxAge",
                        maxAge,
                        "warmLookback",
                        Duration.ZERO,
                        "keepUnreachable",
                        keepUnreachable));
    }

    static <T> T proxy(Class<T> type, Map<String, Object> values) {
        return TestConfigs.proxy(type, values);
    }

    /** Drops what is sent: these tests do not look at events. */
}
