package io.renvoi.query;

import io.renvoi.common.testing.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Asks the in-process query-service for a streamed answer ({@code Accept: text/event-stream}, the admin test key)
 * over HTTP/1.1, as a browser's fetch would, and hands the body to {@code body} as it arrives.
 */
final class QueryStream {
    private QueryStream() {}

    static <T> HttpResponse<T> ask(URI queryUri, String questionJson, HttpResponse.BodyHandler<T> body)
            throws Exception {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(queryUri)
                                .header("Authorization", TestKeys.bearer(TestKeys.ADMIN))
                                .header("Content-Type", "application/json")
                                .header("Accept", "text/event-stream")
                                .POST(HttpRequest.BodyPublishers.ofString(questionJson))
                                .build(),
                        body);
    }
}
