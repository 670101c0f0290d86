package io.renvoi.ingest.api;

/** Body of the 202 answer to a job: its id and how many distinct URLs it holds. */
public record IngestJobAccepted(String jobId, int total) {}
