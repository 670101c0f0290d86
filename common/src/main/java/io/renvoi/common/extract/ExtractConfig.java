package io.renvoi.common.extract;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits of text extraction ({@code renvoi.extract.*}), the same in every service that reads sources. */
@ConfigMapping(prefix = "renvoi.extract")
public interface ExtractConfig {
    /** Largest HTML or text body parsed, in bytes; larger pages fail as {@code too-large} before parsing. */
    @WithDefault("4194304")
    long maxMarkupBytes();

    /** Longest extracted text, in characters; longer pages fail as {@code too-large}. */
    @WithDefault("1000000")
    int maxTextChars();

    /** Most main memory PDFBox may use for one PDF's streams, in bytes. */
    @WithDefault("67108864")
    long maxPdfMemoryBytes();

    /** Longest time one extraction may take; slower pages fail as {@code timeout}. */
    @WithDefault("10s")
    Duration timeout();

    default ExtractLimits limits() {
        return new ExtractLimits(maxMarkupBytes(), maxTextChars(), maxPdfMemoryBytes(), timeout());
    }
}
