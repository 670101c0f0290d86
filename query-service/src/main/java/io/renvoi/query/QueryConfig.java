package io.renvoi.query;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of query-service ({@code renvoi.query.*}). */
@ConfigMapping(prefix = "renvoi.query")
public interface QueryConfig {
    /** Passages retrieved per question when the request does not say. */
    @WithDefault("5")
    int defaultK();

    /** Largest k a request may ask for. */
    @WithDefault("50")
    int maxK();

    /**
     * Below this cosine similarity a passage is relevant only when it holds the question's words (down to {@link
     * #relevanceFloor()}); with none relevant the answer says so without calling the LLM. Unset:
     * the embedding model's own ({@link io.renvoi.common.embed.EmbeddingModel#relevanceThreshold()}), since
     * cosines differ per model.
     */
    Optional<Double> relevanceThreshold();

    /**
     * When no passage reaches the threshold: the cosine at which a passage is relevant after all if it holds the
     * question's words ({@link io.renvoi.query.retrieval.WordEvidence}). Unset: the embedding model's own ({@link
     * io.renvoi.common.embed.EmbeddingModel#relevanceFloor()}); set it to the threshold to judge by cosine alone.
     */
    Optional<Double> relevanceFloor();

    /** Time allowed to resolve (re-read and verify) the passages of one answer. */
    @WithDefault("10s")
    Duration resolveDeadline();

    /** Characters of passages put in one prompt (a stand-in for a token budget). */
    @WithDefault("6000")
    int promptBudgetChars();

    /** The prompt's chat layout ({@code renvoi.query.prompt.*}). */
    Prompt prompt();

    /** Re-reading sources at answer time ({@code renvoi.query.re-read.*}). */
    ReRead reRead();

    /** Work admitted at once; beyond it a 429 with Retry-After ({@code renvoi.query.limits.*}). */
    Limits limits();

    /** A changed document is re-ingested (CHANGED on rag.ingest.requests) at most once per this interval. */
    @WithDefault("1h")
    Duration reingestInterval();

    interface Prompt {
        /** Chat format of the served model: plain (triton-local, base models), llama3, chatml (Qwen), mistral, gemma. */
        @WithDefault("plain")
        String format();

        /** A layout replacing the format's: text with {system} and {user} once each (\n for line breaks). */
        Optional<String> template();
    }

    interface ReRead {
        /** Documents re-read at once (threads). */
        @WithDefault("16")
        int threads();

        /** Documents waiting for a thread; an answer that would overflow it is refused with 429. */
        @WithDefault("64")
        int queue();
    }

    interface Limits {
        /** JSON and text answers in progress at once. */
        @WithDefault("16")
        int concurrentAnswers();

        /** Streamed (SSE) answers open at once. */
        @WithDefault("32")
        int concurrentStreams();

        /** Retry-After of a 429. */
        @WithDefault("2s")
        Duration retryAfter();
    }
}
