package io.renvoi.ingest.frontier;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * When Kafka moves partitions of rag.ingest.requests to another replica, the requests of those partitions that
 * wait here are dropped from the frontier: their offsets were never committed, so the new owner reads them again
 * and the sites are crawled by one replica at a time.
 */
@ApplicationScoped
@Identifier(FrontierRebalance.NAME)
public class FrontierRebalance implements KafkaConsumerRebalanceListener {
    /** Named in {@code mp.messaging.incoming.ingest-requests-in.consumer-rebalance-listener.name}. */
    public static final String NAME = "frontier-rebalance";

    @Inject
    Frontier frontier;

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Set<Integer> revoked =
                partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        if (!revoked.isEmpty()) {
            frontier.dropPartitions(revoked);
        }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        frontier.assigned(partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet()));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }
}
