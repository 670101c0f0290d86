package io.renvoi.common.outage;

import io.renvoi.common.index.ResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import org.apache.http.ConnectionClosedException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells failures worth waiting out (OpenSearch or Kafka unreachable, overloaded, answering 5xx/429, a send
 * timing out) from failures that retrying will not fix (a 4xx answer such as a mapping error, a bad record).
 * Every consumer and every API asks this one place: the first retry, the second answers 503.
 */
public final class TransientFailures {
    private TransientFailures() {}

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof SocketTimeoutException
                    || t instanceof NoRouteToHostException
                    || t instanceof ConnectionClosedException
                    || t instanceof TimeoutException
                    || t instanceof RetriableException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
            int status = ResponseStatus.of(t);
            if (status > 0) {
                return retryableStatus(status);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        // An I/O failure we cannot classify is treated as an outage: waiting is safer than dead-lettering.
        return failure instanceof IOException || failure instanceof UncheckedIOException;
    }

    private static boolean retryableStatus(int status) {
        return status >= 500 || status == 429;
    }
}
