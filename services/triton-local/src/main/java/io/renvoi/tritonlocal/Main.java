package io.renvoi.tritonlocal;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line: {@code java -jar triton-local.jar --grpc-port 8001 --http-port 8000}. Runs until stopped. */
@Command(
        name = "triton-local",
        mixinStandardHelpOptions = true,
        version = InferenceService.SERVER_VERSION,
        description = "A Triton-protocol gRPC server for development and tests (not an LLM: an extractive "
                + "answerer and the in-process embedder (renvoi.embed.model) behind Triton's wire protocol).")
public final class Main implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--grpc-port", defaultValue = "8001", description = "gRPC port (default: ${DEFAULT-VALUE}).")
    int grpcPort;

    @Option(
            names = "--http-port",
            defaultValue = "8000",
            description = "HTTP health port, -1 to disable (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(
            names = "--threshold",
            defaultValue = "0.35",
            description = "Answerer cosine threshold (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(
            names = "--token-delay-ms",
            defaultValue = "0",
            description = "Pause between streamed tokens in ms (default: ${DEFAULT-VALUE}).")
    long tokenDelayMs;

    @Override
    public Integer call() throws Exception {
        TritonLocalServer server = TritonLocalServer.start(
                new TritonLocalServer.Settings(host, grpcPort, httpPort, threshold, Duration.ofMillis(tokenDelayMs)));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "triton-local-shutdown"));
        System.out.println("triton-local ready: grpc " + host + ":" + server.port()
                + (server.httpPort() < 0 ? "" : ", http " + host + ":" + server.httpPort())
                + ", models embedder, llm, ensemble");
        server.awaitTermination();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
