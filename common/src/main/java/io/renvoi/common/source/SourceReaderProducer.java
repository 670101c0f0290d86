package io.renvoi.common.source;

import io.renvoi.common.chunk.Chunker;
import io.renvoi.common.extract.ContentExtractor;
import io.renvoi.common.extract.ExtractConfig;
import io.renvoi.common.fetch.SafeFetcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the process-wide {@link SourceReader} from the shared fetcher and {@code renvoi.extract.*}. */
@ApplicationScoped
public class SourceReaderProducer {
    @Produces
    @Singleton
    SourceReader sourceReader(SafeFetcher fetcher, ExtractConfig extract) {
        return new SourceReader(fetcher, new ContentExtractor(extract.limits()), Chunker::forMiniLm);
    }
}
