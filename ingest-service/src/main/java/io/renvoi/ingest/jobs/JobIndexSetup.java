package io.renvoi.ingest.jobs;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
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
        // The low-level client does not throw on a HEAD 404: read the status.
        if (client.performRequest(new Request("HEAD", "/" + JobStore.INDEX)).getStatusLine().getStatusCode() == 200) {
            return;
        }
        Request create = new Request("PUT", "/" + JobStore.INDEX);
        try (InputStream in = JobIndexSetup.class.getResourceAsStream(MAPPING)) {
            create.setJsonEntity(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try {
            client.performRequest(create);
            LOG.infof("created index %s", JobStore.INDEX);
        } catch (ResponseException e) {
            if (!String.valueOf(e.getMessage()).contains("resource_already_exists")) throw e;
        }
    }
}
