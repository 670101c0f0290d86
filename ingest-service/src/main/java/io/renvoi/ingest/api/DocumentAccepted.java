package io.renvoi.ingest.api;

/** Body of the 202 answer to an ingest request. */
public record DocumentAccepted(String docId, String jobId) {}
