package io.renvoi.ingest.api;

import io.renvoi.common.events.CollectionNames;
import io.renvoi.common.events.IngestReason;
import io.renvoi.common.events.IngestRequest;
import io.renvoi.common.fetch.InvalidUrlException;
import io.renvoi.common.fetch.UrlNormalizer;
import io.renvoi.common.hash.DocumentIds;
import io.renvoi.common.rest.ProblemMappers.BadRequestException;
import io.renvoi.ingest.jobs.JobStore;
import io.renvoi.ingest.worker.IngestRequestPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Validates and submits a job: normalises and de-duplicates its URLs, records the job in {@code rag-jobs},
 * then publishes one {@link IngestRequest} per URL on rag.ingest.requests and waits for every broker
 * acknowledgement before answering, so an accepted job is never lost.
 */
@ApplicationScoped
public class JobSubmission {
    static final int MAX_METADATA_ENTRIES = 32;

    private final JobStore jobs;
    private final IngestRequestPublisher requests;

    JobSubmission(JobStore jobs, IngestRequestPublisher requests) {
        this.jobs = jobs;
        this.requests = requests;
    }

    /** @throws BadRequestException when the collection, a URL or the metadata is invalid */
    public IngestJobAccepted submit(String collection, List<String> rawUrls, Map<String, String> metadata) {
        String c = validCollection(collection);
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
        jobs.create(jobId, c, byDocId.size());
        long now = System.currentTimeMillis();
        CompletableFuture<?>[] acks = byDocId.entrySet().stream()
                .map(e -> requests.send(new IngestRequest(e.getKey(), e.getValue(), c, meta, IngestReason.USER, jobId, now)))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(acks).join();
        return new IngestJobAccepted(jobId, byDocId.size());
    }

    static String validCollection(String collection) {
        String problem = CollectionNames.problem(collection);
        if (problem != null) {
            throw new BadRequestException(problem);
        }
        return collection;
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
                throw new BadRequestException("metadata value of '" + e.getKey() + "' must be a string of at most 1024 characters");
            }
        }
        return metadata;
    }
}
