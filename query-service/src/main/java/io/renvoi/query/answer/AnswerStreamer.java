package io.renvoi.query.answer;

import io.renvoi.common.threads.DaemonThreads;
import io.renvoi.query.QueryConfig;
import io.renvoi.query.admission.TooBusyException;
import io.renvoi.query.api.QueryResponse;
import io.renvoi.query.llm.Cancellation;
import io.renvoi.query.llm.GenerationCancelledException;
import io.renvoi.query.llm.LlmGateway;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a generation for the streaming API: tokens, then the citations, then the end, as {@link Part}s.
 * {@link #stream} returns only once the first token came (or the generation ended), so a failure before the
 * first token is thrown to the caller (503) instead of being written into an already committed stream.
 * Cancelling the returned stream (the HTTP client went away) cancels the Triton call. Generations run on at most
 * {@code renvoi.query.limits.concurrent-streams} threads (and as many waiting); beyond, {@link TooBusyException}.
 * The tokens have passed {@link AnswerService#complete}'s citation filter.
 */
@ApplicationScoped
public class AnswerStreamer {
    /** One piece of a streamed answer. */
    public sealed interface Part {}

    public record Token(String text) implements Part {}

    public record Citations(QueryResponse answer) implements Part {}

    /** A failure after the first token (the stream is already committed). */
    public record Failed(RuntimeException error) implements Part {}

    private final AnswerService answers;
    private final ExecutorService pool;

    AnswerStreamer(AnswerService answers, QueryConfig config) {
        this.answers = answers;
        int threads = config.limits().concurrentStreams();
        // bounded like the streams admitted: a generation still ending after its permit was released waits here
        this.pool = DaemonThreads.boundedPool("answer-stream", threads, threads);
    }

    /**
     * @throws RuntimeException what the generation threw before its first token (e.g. LlmUnavailableException)
     */
    public Multi<Part> stream(AnswerService.Prepared prepared, LlmGateway.GenerationOptions options) {
        UnicastProcessor<Part> parts = UnicastProcessor.create();
        if (!prepared.needsLlm()) {
            parts.onNext(new Token(prepared.answered().answer()));
            parts.onNext(new Citations(prepared.answered()));
            parts.onComplete();
            return parts;
        }
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Runnable generation = () -> {
            try {
                QueryResponse answer = answers.complete(
                        prepared,
                        options,
                        token -> {
                            started.complete(null);
                            parts.onNext(new Token(token));
                        },
                        cancellation);
                started.complete(null);
                parts.onNext(new Citations(answer));
                parts.onComplete();
            } catch (GenerationCancelledException e) {
                started.complete(null);
                parts.onComplete();
            } catch (RuntimeException e) {
                if (!started.completeExceptionally(e)) {
                    parts.onNext(new Failed(e));
                    parts.onComplete();
                }
            } catch (Error e) { // never leave the request thread waiting, nor the stream's slot taken
                started.completeExceptionally(e);
                parts.onComplete();
                throw e;
            }
        };
        try {
            pool.execute(generation);
        } catch (RejectedExecutionException e) {
            throw new TooBusyException(
                    "too many streamed answers still generating; retry later", Duration.ofSeconds(1));
        }
        try {
            started.get();
        } catch (InterruptedException e) {
            cancellation.cancel();
            Thread.currentThread().interrupt();
            throw new GenerationCancelledException();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return parts.onCancellation().invoke(cancellation::cancel);
    }

    @PreDestroy
    public void close() {
        pool.shutdownNow();
    }
}
