package io.renvoi.query.llm;

import io.renvoi.common.triton.LlmCall;
import io.renvoi.common.triton.LlmRequest;
import io.renvoi.common.triton.SamplingParameters;
import io.renvoi.common.triton.TritonException;
import io.renvoi.common.triton.TritonLlmClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/** {@link LlmGateway} over Triton's ModelStreamInfer, through the shared client in common. */
@ApplicationScoped
public class TritonLlmGateway implements LlmGateway {
    private final TritonConfig config;
    private final TritonLlmClient client;

    TritonLlmGateway(TritonConfig config) {
        this.config = config;
        this.client = TritonLlmClient.connect(config.host(), config.port(),
                new TritonLlmClient.Options(config.model(), config.convention(), config.timeout(), Duration.ofSeconds(2)));
    }

    @Override
    public String generate(String prompt, GenerationOptions options, Consumer<String> onToken) {
        SamplingParameters sampling = new SamplingParameters(
                options.temperature() == null ? config.temperature() : options.temperature(),
                options.maxTokens() == null ? config.maxTokens() : options.maxTokens(),
                options.topP() == null ? config.topP() : options.topP());
        LlmCall call = client.generate(new LlmRequest(prompt, sampling), onToken);
        try {
            return call.completion().get();
        } catch (InterruptedException e) {
            call.cancel();
            Thread.currentThread().interrupt();
            throw new LlmUnavailableException("interrupted", e);
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String message = cause instanceof TritonException t ? t.kind() + ": " + t.getMessage() : cause.toString();
            throw new LlmUnavailableException(message, cause);
        }
    }

    /** Ready when Triton's server and the configured model are ready. */
    public boolean ready() {
        return client.serverReady() && client.modelReady();
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
