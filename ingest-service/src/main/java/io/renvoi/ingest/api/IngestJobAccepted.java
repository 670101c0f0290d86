package io.renvoi.ingest.api;

/** Body of the 202 answer to a job: its id and how many distinct URLs it holds (null for a sitemap still being read). */
public record IngestJobAccepted(String jobId, Integer total) {}
