package io.strata.kafka.metadata;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.TopicDescription;
import org.apache.kafka.common.Uuid;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Strata's topic ids (UUID strings) as Kafka's {@link Uuid}: the same 128 bits, so a topic id is
 * the same in the gRPC API and on the Kafka wire. An empty or malformed id is {@link Uuid#ZERO_UUID}
 * (Kafka's "no id"). An instance indexes one metadata snapshot both ways, for requests that name
 * topics by id (Produce v13, Fetch v13+, OffsetCommit v10, KIP-848 heartbeats); it is immutable.
 */
public final class TopicIds {

    private final Map<String, Uuid> idsByName = new HashMap<>();
    private final Map<Uuid, TopicDescription> topicsById = new HashMap<>();

    /** Indexes the topics of {@code metadata} that have an id. */
    public TopicIds(ClusterMetadata metadata) {
        for (TopicDescription topic : metadata.topics().values()) {
            Uuid id = toKafka(topic.getTopicId());
            if (!id.equals(Uuid.ZERO_UUID)) {
                idsByName.put(topic.getName(), id);
                topicsById.put(id, topic);
            }
        }
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

    /** The topics of {@code metadata} by Kafka topic id. */
    public static Map<Uuid, TopicDescription> byId(ClusterMetadata metadata) {
        return Map.copyOf(new TopicIds(metadata).topicsById);
    }

    /** The topic with Kafka id {@code id} in {@code metadata}. */
    public static Optional<TopicDescription> find(ClusterMetadata metadata, Uuid id) {
        return new TopicIds(metadata).topic(id);
    }

    /** The id of topic {@code name}; {@link Uuid#ZERO_UUID} when there is no such topic. */
    public Uuid id(String name) {
        return idsByName.getOrDefault(name, Uuid.ZERO_UUID);
    }

    /** The name of the topic with id {@code id}. */
    public Optional<String> name(Uuid id) {
        return topic(id).map(TopicDescription::getName);
    }

    public Optional<TopicDescription> topic(Uuid id) {
        return Optional.ofNullable(topicsById.get(id));
    }
}
