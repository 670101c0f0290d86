package io.renvoi.query.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.renvoi.common.triton.LlmCall;
import io.renvoi.common.triton.LlmRequest;
import io.renvoi.common.triton.SamplingParameters;
import io.renvoi.common.triton.TritonException;
import io.renvoi.common.triton.TritonLlmClient;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * {@link LlmGateway} over Triton's ModelStreamInfer, through the shared client in common (model, input
 * convention and per-call deadline from {@link TritonConfig}). SmallRye Fault Tolerance around each
 * generation: retries when Triton is UNAVAILABLE before the first token (exponential backoff), and a circuit
 * breaker named {@value #BREAKER} that fails calls fast while Triton keeps failing; a cancelled generation
 * counts neither way. Counts the attempts that reach the gRPC client as {@code renvoi.query.llm.calls}.
 */
@ApplicationScoped
public class TritonLlmGateway implements LlmGateway {
    public static final String BREAKER = "triton-llm";

    private final TritonConfig config;
    private final TritonLlmClient client;
    private final Counter calls;

    TritonLlmGateway(TritonConfig config, MeterRegistry registry) {
        this.config = config;
        this.client = TritonLlmClient.connect(
                config.host(),
                config.port(),
                new TritonLlmClient.Options(
                        config.model(), config.convention(), config.timeout(), Duration.ofSeconds(2)));
        this.calls = registry.counter("renvoi.query.llm.calls");
    }

    @Override
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 30_000, retryOn = LlmUnreachableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2_000)
    @CircuitBreaker(
            requestVolumeThreshold = 4,
            failureRatio = 0.5,
            delay = 10_000,
            successThreshold = 1,
            failOn = LlmUnavailableException.class,
            skipOn = GenerationCancelledException.class)
    @CircuitBreakerName(BREAKER)
    public String generate(
            String prompt, GenerationOptions options, Consumer<String> onToken, Cancellation cancellation) {
        if (cancellation.cancelled()) {
            throw new GenerationCancelledException();
        }
        SamplingParameters sampling = sampling(options);
        AtomicBoolean emitted = new AtomicBoolean();
        calls.increment();
        LlmCall call = client.generate(new LlmRequest(prompt, sampling), token -> {
            emitted.set(true);
            onToken.accept(token);
        });
        cancellation.attach(call);
        try {
            return call.completion().get();
        } catch (InterruptedException e) {
            call.cancel();
            Thread.currentThread().interrupt();
            throw new GenerationCancelledException();
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cancellation.cancelled()) {
                throw new GenerationCancelledException();
            }
            TritonException t = cause instanceof TritonException te ? te : TritonException.from(cause);
            String message = t.kind() + ": " + t.getMessage();
            if (t.kind() == TritonException.Kind.UNAVAILABLE && !emitted.get()) {
                throw new LlmUnreachableException(message, t);
            }
            throw new LlmUnavailableException(message, t);
        }
    }

    /** The request's sampling parameters, each defaulting to the configured one. */
    SamplingParameters sampling(GenerationOptions options) {
        return new SamplingParameters(
                options.temperature() == null ? config.temperature() : options.temperature(),
                options.maxTokens() == null ? config.maxTokens() : options.maxTokens(),
                options.topP() == null ? config.topP() : options.topP());
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
