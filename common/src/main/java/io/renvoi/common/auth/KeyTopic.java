package io.renvoi.common.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.renvoi.common.events.KafkaClients;
import io.renvoi.common.events.Topics;
import io.renvoi.common.json.JsonMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * The {@code rag.keys} topic: one compacted partition of {@link ApiKey} records keyed by id, a tombstone (null
 * value) for a revoked key. Creates the topic when it is missing (where the broker lets this service), and
 * reads and writes its records as JSON.
 */
public final class KeyTopic {
    public static final String NAME = Topics.KEYS;
    private static final Logger LOG = Logger.getLogger(KeyTopic.class);

    private KeyTopic() {}

    /**
     * Creates the compacted topic unless it exists. A broker that refuses (ACLs: on Kubernetes the topic is a
     * KafkaTopic resource) is not an error here.
     */
    public static void ensureExists(Map<String, Object> kafka) throws InterruptedException {
        try (Admin admin = Admin.create(KafkaClients.config(kafka, "renvoi-keys-admin"))) {
            if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(NAME)) return;
            NewTopic topic = new NewTopic(NAME, 1, (short) -1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
            LOG.infof("created the compacted topic %s", NAME);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.infof(
                        "cannot create topic %s here (%s); expecting it to exist",
                        NAME, e.getCause().toString());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.infof("Kafka did not answer while checking topic %s", NAME);
        }
    }

    static String encode(ApiKey key) {
        try {
            return JsonMapper.shared().writeValueAsString(key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key a record holds, or null for a tombstone. @throws JsonProcessingException for a record that is not a key */
    static ApiKey decode(String value) throws JsonProcessingException {
        return value == null ? null : JsonMapper.shared().readValue(value, ApiKey.class);
    }
}
