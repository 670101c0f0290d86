package io.renvoi.common.index;

import org.opensearch.client.ResponseException;
import org.opensearch.client.opensearch._types.OpenSearchException;

/**
 * The HTTP status of a failed OpenSearch request: the typed client reports an error answer either as its
 * {@link OpenSearchException} or as the low-level client's {@link ResponseException} (an IOException), and the
 * low-level client only as the latter; this reads both, so callers test for a 409 or a 404 in one way. Reads and
 * writes nothing.
 */
public final class ResponseStatus {
    private ResponseStatus() {}

    /** The status of {@code failure} itself (not of its causes), or -1 when it is not an answer from OpenSearch. */
    public static int of(Throwable failure) {
        if (failure instanceof OpenSearchException o) {
            return o.status();
        }
        return failure instanceof ResponseException r
                ? r.getResponse().getStatusLine().getStatusCode()
                : -1;
    }

    /** A 409: a conditional write lost to another writer, or a create found the document there. */
    public static boolean conflict(Throwable failure) {
        return of(failure) == 409;
    }

    /** A 404: no such document, or no such index yet. */
    public static boolean notFound(Throwable failure) {
        return of(failure) == 404;
    }
}
