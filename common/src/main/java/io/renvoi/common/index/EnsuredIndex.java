package io.renvoi.common.index;

import java.io.IOException;
import org.jboss.logging.Logger;
import org.opensearch.client.RestClient;

/**
 * The one way a component makes sure its index exists before it reads or writes: on the first call, creates
 * the definition's physical index with the configured {@link IndexSettings} and points the alias at it (or adds
 * the fields a newer mapping defines to the index already there), then remembers that it is done. Writers call
 * {@link #ensure()} first so that a write never auto-creates an index with a guessed mapping.
 */
public final class EnsuredIndex {
    private static final Logger LOG = Logger.getLogger(EnsuredIndex.class);

    private final RestClient client;
    private final IndexDefinition definition;
    private final IndexSettings settings;
    private volatile boolean ready;

    /** The index with the settings configured for its role. */
    public EnsuredIndex(RestClient client, IndexDefinition definition) {
        this(client, definition, IndexSettings.configured(definition.role()));
    }

    public EnsuredIndex(RestClient client, IndexDefinition definition, IndexSettings settings) {
        this.client = client;
        this.definition = definition;
        this.settings = settings;
    }

    /** Creates the index and alias when missing; at most one request round per process once done. */
    public void ensure() throws IOException {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            if (IndexCreation.ensure(client, definition, settings)) {
                LOG.infof("created index %s (%s) behind alias %s", definition.physical(), settings, definition.alias());
            }
            ready = true;
        }
    }

    /** The name to read and write through. */
    public String alias() {
        return definition.alias();
    }
}
