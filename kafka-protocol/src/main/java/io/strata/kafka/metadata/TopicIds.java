package io.strata.kafka.metadata;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.TopicDescription;
import org.apache.kafka.common.Uuid;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Strata's topic ids (UUID strings) as Kafka's {@link Uuid}: the same 128 bits, so a topic id is
 * the same in the gRPC API and on the Kafka wire. An empty or malformed id is {@link Uuid#ZERO_UUID}
 * (Kafka's "no id"). Stateless.
 */
public final class TopicIds {

    private TopicIds() {
    }

    public static Uuid toKafka(String topicId) {
        if (topicId == null || topicId.isEmpty()) {
            return Uuid.ZERO_UUID;
        }
        try {
            UUID uuid = UUID.fromString(topicId);
            return new Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
        } catch (IllegalArgumentException e) {
            return Uuid.ZERO_UUID;
        }
    }

    /** The topics of {@code metadata} by Kafka topic id (for requests that name topics by id). */
    public static Map<Uuid, TopicDescription> byId(ClusterMetadata metadata) {
        Map<Uuid, TopicDescription> byId = new HashMap<>();
        for (TopicDescription topic : metadata.topics().values()) {
            Uuid id = toKafka(topic.getTopicId());
            if (!id.equals(Uuid.ZERO_UUID)) {
                byId.put(id, topic);
            }
        }
        return byId;
    }
}
