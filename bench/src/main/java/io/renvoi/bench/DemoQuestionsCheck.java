package io.renvoi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.renvoi.common.json.JsonMapper;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/relevance-threshold}'s demo-site questions asked of the running platform ({@code ./renvoi demo}):
 * each answerable one (the seven demo questions and the 18 visitor questions) should be answered with a citation,
 * each off-topic one refused ("I don't know"); prints the counts per set and every question that went the other way.
 * This is the service's own gate (hybrid top k, the index's analyzer, the deployed thresholds), where the benchmark
 * rebuilds it in process. Reads {@code POST /api/v1/query} of query-service (admin key from the environment).
 */
public final class DemoQuestionsCheck {
    private DemoQuestionsCheck() {}

    /** {@code --query=http://127.0.0.1:8083 --collection=demo}. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args);
        String query = opts.getOrDefault("query", "http://127.0.0.1:8083");
        String collection = opts.getOrDefault("collection", "demo");
        System.out.printf(
                "demo-site questions asked of %s, collection %s; load %s%n", query, collection, BenchOut.loadAverage());
        report(query, collection, "answerable: demo questions", RelevanceQuestions.DEMO_QUESTIONS, true);
        report(query, collection, "answerable: visitor questions", RelevanceQuestions.VISITOR_QUESTIONS, true);
        report(query, collection, "off-topic questions", RelevanceQuestions.OFF_TOPIC, false);
    }

    private static void report(
            String query, String collection, String label, List<String> questions, boolean answerable)
            throws Exception {
        int asExpected = 0;
        StringBuilder other = new StringBuilder();
        for (String q : questions) {
            JsonNode r = ServiceHttp.post(
                    query + "/api/v1/query",
                    JsonMapper.shared()
                            .createObjectNode()
                            .put("question", q)
                            .put("collection", collection)
                            .toString());
            boolean answered = !r.path("answer").asText().startsWith("I don't know")
                    && !r.path("citations").isEmpty();
            if (answered == answerable) {
                asExpected++;
            } else {
                other.append(String.format("    %s: %s%n", answered ? "answered" : "refused", q));
            }
        }
        System.out.printf(
                "  %-32s %d of %d %s%n%s",
                label, asExpected, questions.size(), answerable ? "answered" : "refused", other);
    }
}
