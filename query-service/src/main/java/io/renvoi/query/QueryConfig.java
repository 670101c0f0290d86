package io.renvoi.query;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of query-service ({@code renvoi.query.*}). */
@ConfigMapping(prefix = "renvoi.query")
public interface QueryConfig {
    /** Passages retrieved per question when the request does not say. */
    @WithDefault("5")
    int defaultK();

    /** Largest k a request may ask for. */
    @WithDefault("50")
    int maxK();

    /** Below this cosine similarity no passage is relevant, and the answer says so without calling the LLM. */
    @WithDefault("0.2")
    double relevanceThreshold();

    /** Time allowed to resolve (re-read and verify) the passages of one answer. */
    @WithDefault("10s")
    Duration resolveDeadline();

    /** Characters of passages put in one prompt (a stand-in for a token budget). */
    @WithDefault("6000")
    int promptBudgetChars();
}
