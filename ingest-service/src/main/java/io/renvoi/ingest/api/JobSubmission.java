package io.renvoi.ingest.api;

import io.renvoi.common.auth.LimitExceededException;
import io.renvoi.common.events.IngestReason;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.fetch.InvalidUrlException;
import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.rest.ProblemMappers.BadRequestException;
import io.renvoi.common.rest.RequestChecks;
import io.renvoi.common.threads.DaemonThreads;
import io.renvoi.ingest.jobs.JobStore;
import io.renvoi.ingest.worker.IngestRequestPublisher;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * Validates and submits a job: normalises and de-duplicates its URLs, records the job in {@code rag-jobs},
 * then publishes one {@link IngestRequest} per URL on rag.ingest.requests and waits for every broker
 * acknowledgement before answering, so an accepted job is never lost. A sitemap job answers at once and
 * reads its sitemap in the background ({@link SitemapReader}).
 */
@ApplicationScoped
public class JobSubmission {
    static final int MAX_METADATA_ENTRIES = 32;

    static final int SITEMAP_READERS = 2;
    private static final Logger LOG = Logger.getLogger(JobSubmission.class);

    @Inject
    JobStore jobs;

    @Inject
    IngestRequestPublisher requests;

    @Inject
    SitemapReader sitemaps;

    private final ExecutorService sitemapReaders =
            Executors.newFixedThreadPool(SITEMAP_READERS, DaemonThreads.named("sitemap-reader"));

    /** @throws BadRequestException when the collection, a URL or the metadata is invalid */
    public IngestJobAccepted submit(String collection, List<String> rawUrls, Map<String, String> metadata) {
        String c = RequestChecks.collection(collection);
        Map<String, String> meta = validMetadata(metadata);
        Map<String, String> byDocId = new LinkedHashMap<>();
        for (int i = 0; i < rawUrls.size(); i++) {
            String url;
            try {
                url = UrlNormalizer.normalize(rawUrls.get(i));
            } catch (InvalidUrlException e) {
                throw new BadRequestException("urls[" + i + "]: " + e.getMessage());
            }
            byDocId.putIfAbsent(DocumentIds.docId(c, url), url);
        }
        String jobId = UUID.randomUUID().toString();
        long submittedAt = System.currentTimeMillis();
        jobs.create(jobId, c, byDocId.size());
        publish(jobId, c, meta, byDocId, Map.of(), submittedAt);
        return new IngestJobAccepted(jobId, byDocId.size());
    }

    /**
     * Accepts a sitemap job: records it as resolving and answers at once; the sitemap is read off the HTTP
     * thread ({@value #SITEMAP_READERS} at a time), then its pages are published and the job's total set. A
     * sitemap that cannot be read, nests too deep or lists too many URLs fails the job with that reason.
     *
     * {@code resolvedUrls} is told how many pages the sitemap listed before any is published (they count against
     * the key's URLs per hour); when it refuses them ({@link LimitExceededException}) the job fails with reason
     * {@code over-limit}.
     *
     * @throws BadRequestException when the collection, the sitemap URL or the metadata is invalid
     */
    public IngestJobAccepted submitSitemap(
            String collection, String sitemapUrl, Map<String, String> metadata, int max, IntConsumer resolvedUrls) {
        String c = RequestChecks.collection(collection);
        Map<String, String> meta = validMetadata(metadata);
        String sitemap;
        try {
            sitemap = UrlNormalizer.normalize(sitemapUrl);
        } catch (InvalidUrlException e) {
            throw new BadRequestException("sitemap: " + e.getMessage());
        }
        String jobId = UUID.randomUUID().toString();
        long submittedAt = System.currentTimeMillis(); // a delete made while the sitemap is read must win
        jobs.createResolving(jobId, c);
        sitemapReaders.execute(() -> resolveSitemap(jobId, c, sitemap, meta, max, submittedAt, resolvedUrls));
        return new IngestJobAccepted(jobId, null);
    }

    private void resolveSitemap(
            String jobId,
            String collection,
            String sitemap,
            Map<String, String> meta,
            int max,
            long submittedAt,
            IntConsumer resolvedUrls) {
        try {
            Map<String, String> byDocId = new LinkedHashMap<>();
            Map<String, Long> lastModified = new java.util.HashMap<>();
            for (SitemapReader.Entry e : sitemaps.entries(sitemap, max)) {
                try {
                    String url = UrlNormalizer.normalize(e.url());
                    String docId = DocumentIds.docId(collection, url);
                    byDocId.putIfAbsent(docId, url);
                    if (e.lastModified() != null) lastModified.put(docId, e.lastModified());
                } catch (InvalidUrlException skipped) {
                    LOG.debugf("sitemap %s lists an invalid URL: %s", sitemap, e.url());
                }
            }
            if (byDocId.isEmpty()) {
                jobs.failJob(jobId, collection, "sitemap-empty", "sitemap " + sitemap + " lists no URLs");
                return;
            }
            try {
                resolvedUrls.accept(byDocId.size());
            } catch (LimitExceededException e) {
                jobs.failJob(jobId, collection, "over-limit", e.getMessage());
                return;
            }
            publish(jobId, collection, meta, byDocId, lastModified, submittedAt);
            jobs.resolved(jobId, collection, byDocId.size());
        } catch (SitemapReader.SitemapException e) {
            LOG.infof("sitemap job %s failed: %s (%s)", jobId, e.reason(), e.getMessage());
            jobs.failJob(jobId, collection, e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf("sitemap job %s failed: %s", jobId, e.toString());
            jobs.failJob(jobId, collection, "unavailable", e.toString());
        }
    }

    /**
     * Publishes one request per URL and waits for every broker acknowledgement. Each carries the time the user
     * submitted the job: what a tombstone is compared with.
     */
    private void publish(
            String jobId,
            String collection,
            Map<String, String> meta,
            Map<String, String> byDocId,
            Map<String, Long> lastModified,
            long submittedAt) {
        CompletableFuture<?>[] acks = byDocId.entrySet().stream()
                .map(e -> requests.send(new IngestRequest(
                        e.getKey(),
                        e.getValue(),
                        collection,
                        meta,
                        IngestReason.USER,
                        jobId,
                        submittedAt,
                        lastModified.get(e.getKey()))))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(acks).join();
    }

    @PreDestroy
    void stop() {
        sitemapReaders.shutdownNow();
    }

    static Map<String, String> validMetadata(Map<String, String> metadata) {
        if (metadata == null) return Map.of();
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw new BadRequestException("metadata has more than " + MAX_METADATA_ENTRIES + " entries");
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getKey().length() > 64) {
                throw new BadRequestException("metadata keys must be 1-64 characters");
            }
            if (e.getValue() == null || e.getValue().length() > 1024) {
                throw new BadRequestException(
                        "metadata value of '" + e.getKey() + "' must be a string of at most 1024 characters");
            }
        }
        return metadata;
    }
}
