package io.renvoi.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.renvoi.common.json.JsonMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time to the first answer token through the web console ({@code POST /ui/ask}, signed in with a one-time token)
 * against the same question asked of query-service's streaming API directly ({@code POST /api/v1/query}, the
 * baseline), in interleaved rounds (direct, console, console, direct, ...) so that caches and machine load weigh
 * on both alike. The clock runs from sending the request to reading the first {@code event: token} line. Prints one
 * JSON object and writes it to {@code --out}. Target (issue 18): the console adds at most 100 ms.
 *
 * <p>{@code --console=URL --query=URL --collection=C --question=Q --rounds=N --out=FILE}; the admin key comes from
 * {@code RENVOI_AUTH_ADMIN_KEY} (never a command line).
 */
public final class ConsoleFirstTokenBenchmark {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String console;
    private final String query;
    private String cookie;
    private String csrf;

    private ConsoleFirstTokenBenchmark(String console, String query) {
        this.console = console;
        this.query = query;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args);
        String collection = opts.getOrDefault("collection", "demo");
        String question = opts.getOrDefault("question", "When was the Fresnel lens invented and by whom?");
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "10"));
        ConsoleFirstTokenBenchmark b = new ConsoleFirstTokenBenchmark(
                opts.getOrDefault("console", "http://127.0.0.1:8080"),
                opts.getOrDefault("query", "http://127.0.0.1:8083"));
        b.signIn();
        String body = JsonMapper.shared().writeValueAsString(Map.of("question", question, "collection", collection));
        // one of each first, not counted: connections opened, code paths warm
        b.direct(body);
        b.viaConsole(body);
        List<Double> direct = new ArrayList<>();
        List<Double> viaConsole = new ArrayList<>();
        List<Double> added = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double d;
            double c;
            if (r % 2 == 0) {
                d = b.direct(body);
                c = b.viaConsole(body);
            } else {
                c = b.viaConsole(body);
                d = b.direct(body);
            }
            direct.add(d);
            viaConsole.add(c);
            added.add(c - d);
            System.err.printf(
                    "round %d/%d: direct %.1f ms, console %.1f ms, added %.1f ms%n", r + 1, rounds, d, c, c - d);
        }
        ObjectNode out = JsonMapper.shared().createObjectNode();
        out.put("benchmark", "console-first-token");
        out.put("question", question).put("collection", collection).put("rounds", rounds);
        out.put("direct_first_token_p50_ms", BenchOut.round(percentile(direct, 50), 1));
        out.put("console_first_token_p50_ms", BenchOut.round(percentile(viaConsole, 50), 1));
        out.put("console_added_p50_ms", BenchOut.round(percentile(added, 50), 1));
        out.put("console_added_max_ms", BenchOut.round(Collections.max(added), 1));
        out.put(
                "ratio_console_to_direct_p50",
                Math.round(1000 * percentile(viaConsole, 50) / percentile(direct, 50)) / 1000.0);
        out.put("target_added_ms", 100);
        ArrayNode each = out.putArray("rounds_ms");
        for (int i = 0; i < rounds; i++) {
            each.addObject()
                    .put("direct", BenchOut.round(direct.get(i), 1))
                    .put("console", BenchOut.round(viaConsole.get(i), 1));
        }
        String json = JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(out);
        System.out.println(json);
        if (opts.containsKey("out")) Files.writeString(Path.of(opts.get("out")), json + "\n");
    }

    /** Signs in as a person would with {@code ./renvoi console}: a one-time token, then the session cookie. */
    private void signIn() throws Exception {
        HttpResponse<String> minted = http.send(
                BenchAuth.asAdmin(HttpRequest.newBuilder(URI.create(console + "/sign-in/tokens")))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (minted.statusCode() != 201) throw new IllegalStateException("token: HTTP " + minted.statusCode());
        String token = JsonMapper.shared().readTree(minted.body()).path("token").asText();
        HttpResponse<String> signed = http.send(
                HttpRequest.newBuilder(URI.create(console + "/sign-in/token?t="
                                + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&next=%2F"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        cookie = signed.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("rv_session="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no session cookie: HTTP " + signed.statusCode()));
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(console + "/"))
                        .header("Cookie", cookie)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) throw new IllegalStateException("no CSRF token on the ask page: HTTP " + page.statusCode());
        csrf = m.group(1);
    }

    private double direct(String body) throws Exception {
        return firstToken(BenchAuth.asAdmin(HttpRequest.newBuilder(URI.create(query + "/api/v1/query")))
                .header("Accept", "text/event-stream")
                .header("Content-Type", "application/json")
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private double viaConsole(String body) throws Exception {
        return firstToken(HttpRequest.newBuilder(URI.create(console + "/ui/ask"))
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .header("Origin", console)
                .header("Content-Type", "application/json")
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Milliseconds from sending {@code request} to its first {@code event: token}; the rest of the stream is read. */
    private double firstToken(HttpRequest request) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long first = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (first < 0
                        && line.startsWith("event:")
                        && line.substring(6).strip().equals("token")) {
                    first = System.nanoTime();
                }
            }
        }
        if (r.statusCode() != 200 || first < 0) {
            throw new IllegalStateException(request.uri() + ": HTTP " + r.statusCode() + ", no token event");
        }
        return (first - start) / 1e6;
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
