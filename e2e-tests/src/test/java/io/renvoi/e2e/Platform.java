package io.renvoi.e2e;

import io.renvoi.tritonlocal.TritonLocalServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * What a suite runs of the platform: its services as processes ({@link ServiceProcess}) and whatever else it opened
 * (triton-local, loopback sites), awaited ready together and closed newest first. Starts and stops processes and
 * servers; reads nothing.
 */
final class Platform implements AutoCloseable {
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Starts {@code module} with {@code settings}; closed with the platform. */
    ServiceProcess start(String module, Map<String, String> settings) throws IOException {
        return add(ServiceProcess.start(module, settings));
    }

    /**
     * Starts triton-local in this JVM (closed with the platform) and returns the settings every service of the suite
     * gets: the test Kafka and OpenSearch, the fetch allow-list {@code allowList}, triton-local as LLM and embedder.
     */
    Map<String, String> startTritonLocal(String allowList) throws IOException {
        TritonLocalServer triton = add(TritonLocalServer.start(0, 0));
        return TestServers.serviceSettings(allowList, triton.port());
    }

    /** Closes {@code resource} with the platform, before anything opened earlier. */
    <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    /** Waits until every service started so far answers its readiness check. */
    void awaitReady(Duration timeout) throws Exception {
        for (ServiceProcess s : services()) s.awaitReady(timeout);
    }

    /** The services started so far, oldest first. */
    List<ServiceProcess> services() {
        List<ServiceProcess> services = new ArrayList<>();
        opened.descendingIterator().forEachRemaining(c -> {
            if (c instanceof ServiceProcess s) services.add(s);
        });
        return services;
    }

    @Override
    public void close() throws Exception {
        Exception failed = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) { // close the rest all the same
                if (failed == null) failed = e;
                else failed.addSuppressed(e);
            }
        }
        if (failed != null) throw failed;
    }
}
