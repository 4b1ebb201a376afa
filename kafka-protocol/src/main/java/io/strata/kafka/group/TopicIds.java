package io.strata.kafka.group;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.TopicDescription;
import org.apache.kafka.common.Uuid;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Topic names ↔ Kafka topic ids for one metadata view. Strata names topics by string UUID
 * ({@code topic_id}); Kafka carries the same 128 bits as a {@link Uuid}. Immutable; built per
 * request from {@link io.strata.kafka.backend.ControlPlane#metadata()}, so an answer never mixes two views.
 */
final class TopicIds {

    private final Map<String, Uuid> idsByName = new HashMap<>();
    private final Map<Uuid, String> namesById = new HashMap<>();

    TopicIds(ClusterMetadata metadata) {
        for (TopicDescription topic : metadata.topics().values()) {
            if (topic.getTopicId().isEmpty()) {
                continue;
            }
            Uuid id = toKafka(topic.getTopicId());
            idsByName.put(topic.getName(), id);
            namesById.put(id, topic.getName());
        }
    }

    static Uuid toKafka(String uuid) {
        UUID u = UUID.fromString(uuid);
        return new Uuid(u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    /** The topic's id, or {@link Uuid#ZERO_UUID} when this view does not know the topic. */
    Uuid id(String name) {
        return idsByName.getOrDefault(name, Uuid.ZERO_UUID);
    }

    Optional<String> name(Uuid id) {
        return Optional.ofNullable(namesById.get(id));
    }
}
