package io.renvoi.query.cache;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Positions the passage-cache consumer of rag.documents when partitions are assigned: at the first record
 * newer than now minus {@code warm-lookback} (the end when there is none, or when the lookback is 0), since
 * a replica's cache starts empty and its group commits no offsets. Pauses the partitions when the cache is
 * disabled, so nothing is fetched at all.
 */
@ApplicationScoped
@Identifier(WarmLookback.NAME)
public class WarmLookback implements KafkaConsumerRebalanceListener {
    public static final String NAME = "passage-cache-lookback";
    private static final Logger LOG = Logger.getLogger(WarmLookback.class);

    @Inject
    PassageCacheConfig config;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        if (config.maxBytes() <= 0) {
            consumer.pause(partitions);
            return;
        }
        long lookback = config.warmLookback().toMillis();
        if (lookback <= 0) {
            consumer.seekToEnd(partitions);
            return;
        }
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = System.currentTimeMillis() - lookback;
        partitions.forEach(p -> since.put(p, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp o = offsets.get(p);
            if (o == null) {
                consumer.seekToEnd(List.of(p));
            } else {
                consumer.seek(p, o.offset());
            }
        }
        LOG.debugf("passage cache warms from rag.documents records newer than %s", config.warmLookback());
    }
}
