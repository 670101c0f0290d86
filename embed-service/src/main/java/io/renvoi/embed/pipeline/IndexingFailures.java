package io.renvoi.embed.pipeline;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import org.apache.http.ConnectionClosedException;
import org.opensearch.client.ResponseException;
import org.opensearch.client.opensearch._types.OpenSearchException;

/**
 * Tells failures worth waiting out (OpenSearch unreachable, overloaded or failing with 5xx/429) from
 * failures that retrying will not fix (a 4xx answer such as a mapping error).
 */
final class IndexingFailures {
    private IndexingFailures() {}

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof NoRouteToHostException
                    || t instanceof ConnectionClosedException) {
                return true;
            }
            if (t instanceof OpenSearchException e) {
                return retryableStatus(e.status());
            }
            if (t instanceof ResponseException e) {
                return retryableStatus(e.getResponse().getStatusLine().getStatusCode());
            }
        }
        // An I/O failure we cannot classify is treated as an outage: pausing is safer than dead-lettering.
        return failure instanceof IOException;
    }

    private static boolean retryableStatus(int status) {
        return status >= 500 || status == 429;
    }
}
