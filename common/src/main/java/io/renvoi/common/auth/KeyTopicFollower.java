package io.renvoi.common.auth;

import io.renvoi.common.threads.DaemonThreads;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link KeyRing} equal to the {@code rag.keys} topic: reads it from the start on boot, then follows it
 * (a new key works, a revoked key stops working, within about one poll interval). Every replica reads the whole
 * topic (partitions assigned, no consumer group); a plain Kafka consumer, because a reactive channel cannot say
 * "read to the end before serving". When Kafka is away it keeps the keys it has and retries.
 */
@ApplicationScoped
public class KeyTopicFollower {
    private static final Logger LOG = Logger.getLogger(KeyTopicFollower.class);

    @Inject
    KeyRing ring;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    AuthConfig config;

    private volatile boolean running = true;
    private volatile KeyTopicReader reader;
    private Thread thread;

    void start(@Observes Startup event) {
        thread = DaemonThreads.daemon(this::run, "key-follower");
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        KeyTopicReader r = reader;
        if (r != null) r.wakeup(); // not an interrupt: that would break the consumer's own close
        synchronized (this) {
            notifyAll(); // ends a backoff wait
        }
    }

    private void run() {
        long backoff = 200;
        while (running) {
            try {
                follow();
            } catch (WakeupException | InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) return;
                LOG.warnf(
                        "reading %s failed (%s); retrying in %d ms with the keys already read",
                        KeyTopic.NAME, e.toString(), backoff);
                try {
                    synchronized (this) {
                        if (running) wait(backoff);
                    }
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void follow() throws InterruptedException {
        KeyTopic.ensureExists(kafka);
        try (KeyTopicReader r = new KeyTopicReader(kafka, ring)) {
            reader = r;
            while (running) {
                if (r.poll(config.pollInterval()) && !ring.loaded()) {
                    ring.markLoaded();
                    LOG.infof("API keys loaded from %s", KeyTopic.NAME);
                }
            }
        } finally {
            reader = null;
        }
    }
}
