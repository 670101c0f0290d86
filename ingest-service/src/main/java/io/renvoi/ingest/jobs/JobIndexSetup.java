package io.renvoi.ingest.jobs;

import io.quarkus.runtime.StartupEvent;
import io.renvoi.common.index.IndexCreation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.opensearch.client.RestClient;

/**
 * Creates the {@value JobStore#INDEX} index from its mapping resource at startup when it is missing; a
 * replica that loses the creation race sees "already exists" and goes on.
 */
@ApplicationScoped
public class JobIndexSetup {
    static final String MAPPING = "/io/renvoi/ingest/jobs/rag-jobs.json";
    private static final Logger LOG = Logger.getLogger(JobIndexSetup.class);

    private final RestClient client;

    JobIndexSetup(RestClient client) {
        this.client = client;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            ensureIndex();
        } catch (IOException e) {
            // Not fatal: readiness reports OpenSearch, and the first job write retries the creation.
            LOG.warnf("cannot create %s yet: %s", JobStore.INDEX, e.getMessage());
        }
    }

    public void ensureIndex() throws IOException {
        if (IndexCreation.createIfMissing(
                client, JobStore.INDEX, IndexCreation.mappingResource(JobIndexSetup.class, MAPPING))) {
            LOG.infof("created index %s", JobStore.INDEX);
        }
    }
}
