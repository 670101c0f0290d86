package io.renvoi.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.json.JsonMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The samples bench/auth-cost's measure phase gathers, round by round (HTTP latencies per request kind in ms,
 * in-process key checks and the timer's own cost in ns), and the one JSON object it prints and saves: the key check's
 * p50 against search p50, the HTTP-level bounds, percentiles per kind, per-round p50s and the run's conditions.
 * Reads and writes nothing itself.
 */
final class AuthCostReport {
    private final Map<String, List<Double>> ms = new LinkedHashMap<>();
    private final List<Double> checkNs = new ArrayList<>();
    private final List<Double> timerNs = new ArrayList<>();
    private final ObjectNode perRoundP50 = JsonMapper.shared().createObjectNode();
    private final ArrayNode roundSearch = perRoundP50.putArray("search_query_key_ms");
    private final ArrayNode roundAdmin = perRoundP50.putArray("search_admin_key_ms");
    private final ArrayNode roundCheck = perRoundP50.putArray("key_check_ns");

    /** @param kinds the request kinds, in the order they are reported */
    AuthCostReport(AuthCostRequests.Kind[] kinds) {
        for (AuthCostRequests.Kind k : kinds) ms.put(k.name(), new ArrayList<>());
    }

    /** Adds a round: its HTTP latencies per kind (ms), its key checks and timer samples (ns); logs its p50s. */
    void addRound(int r, int rounds, Map<String, List<Double>> round, List<Double> roundChecks, List<Double> timer) {
        timerNs.addAll(timer);
        round.forEach((name, v) -> ms.get(name).addAll(v));
        checkNs.addAll(roundChecks);
        roundSearch.add(BenchOut.round(BenchOut.percentile(round.get("search_query_key"), 50), 2));
        roundAdmin.add(BenchOut.round(BenchOut.percentile(round.get("search_admin_key"), 50), 2));
        roundCheck.add(Math.round(BenchOut.percentile(roundChecks, 50)));
        BenchOut.log(
                "round %d/%d: search p50 %.2f ms (admin key %.2f), 401 %.2f ms, health %.2f ms, key check p50 %.0f ns",
                r + 1,
                rounds,
                BenchOut.percentile(round.get("search_query_key"), 50),
                BenchOut.percentile(round.get("search_admin_key"), 50),
                BenchOut.percentile(round.get("unknown_key_401"), 50),
                BenchOut.percentile(round.get("health_live"), 50),
                BenchOut.percentile(roundChecks, 50));
    }

    /**
     * The result, with the run's conditions.
     *
     * @param loadStart the load average when the measure phase began
     * @param ringSize keys in the ring the in-process check used
     * @param chunks counts the chunks of the collection in rag-chunks (-1 when they cannot be counted)
     */
    ObjectNode json(String loadStart, int ringSize, LongSupplier chunks, int rounds, int perRound) {
        double searchP50 = BenchOut.percentile(ms.get("search_query_key"), 50);
        double checkP50Ns = BenchOut.percentile(checkNs, 50);
        double upperMs =
                BenchOut.percentile(ms.get("unknown_key_401"), 50) - BenchOut.percentile(ms.get("health_live"), 50);
        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("benchmark", "auth-cost");
        out.put("date", Instant.now().toString());
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("load_average_at_start", loadStart);
        out.put("load_average_at_end", BenchOut.loadAverage());
        out.put("keys_in_ring", ringSize);
        out.put("collection", AuthCostBenchmark.COLLECTION);
        out.put("chunks", chunks.getAsLong());
        out.put("rounds", rounds);
        out.put("requests_per_round_per_kind", perRound);
        out.put("search_p50_ms", BenchOut.round(searchP50, 3));
        out.put("key_check_p50_us", BenchOut.round(checkP50Ns / 1000, 3));
        out.put("ratio_key_check_to_search_p50", BenchOut.round(checkP50Ns / 1e6 / searchP50, 6));
        out.put("key_check_percent_of_search_p50", BenchOut.round(100 * checkP50Ns / 1e6 / searchP50, 4));
        out.put("target_ratio", 0.02);
        // p50(401 for an unknown key) - p50(GET /q/health/live): the filter and its problem+json answer against a
        // request that skips it; negative when the health route costs more than the whole 401 (then: no bound).
        out.put("http_filter_upper_bound_ms", BenchOut.round(upperMs, 3));
        out.put("ratio_http_upper_bound_to_search_p50", BenchOut.round(upperMs / searchP50, 4));
        ObjectNode http = out.putObject("http_ms");
        ms.forEach((name, v) -> {
            ObjectNode o = http.putObject(name);
            o.put("samples", v.size());
            o.put("p50", BenchOut.round(BenchOut.percentile(v, 50), 3));
            o.put("p90", BenchOut.round(BenchOut.percentile(v, 90), 3));
            o.put("p99", BenchOut.round(BenchOut.percentile(v, 99), 3));
        });
        out.put(
                "search_query_key_minus_admin_key_p50_ms",
                BenchOut.round(searchP50 - BenchOut.percentile(ms.get("search_admin_key"), 50), 3));
        out.put(
                "unknown_key_minus_no_header_401_p50_ms",
                BenchOut.round(
                        BenchOut.percentile(ms.get("unknown_key_401"), 50)
                                - BenchOut.percentile(ms.get("no_header_401"), 50),
                        3));
        ObjectNode inProcess = out.putObject("key_check_in_process_ns");
        inProcess.put("samples", checkNs.size());
        inProcess.put("p50", Math.round(checkP50Ns));
        inProcess.put("p90", Math.round(BenchOut.percentile(checkNs, 90)));
        inProcess.put("p99", Math.round(BenchOut.percentile(checkNs, 99)));
        inProcess.put("timer_overhead_p50_included", Math.round(BenchOut.percentile(timerNs, 50)));
        out.set("per_round_p50", perRoundP50);
        return out;
    }
}
