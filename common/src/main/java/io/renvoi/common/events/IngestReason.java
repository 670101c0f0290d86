package io.renvoi.common.events;

/** Why a URL is (re-)ingested. */
public enum IngestReason {
    /** A user asked for it through the REST API or the CLI. */
    USER,
    /** The link-checker re-checks a known document. */
    RECHECK,
    /** The source changed (seen by the link-checker or at answer time). */
    CHANGED
}
