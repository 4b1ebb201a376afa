package io.strata.kafka.admin;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.TopicDescription;
import org.apache.kafka.common.Uuid;

import java.util.Optional;
import java.util.UUID;

/**
 * Topic ids both ways: Strata keeps a topic id as UUID text, Kafka as a {@link Uuid} of the same
 * 128 bits, so the id a client sees in CreateTopics is the one Metadata and DeleteTopics use.
 * Stateless.
 */
final class TopicIds {

    private TopicIds() {
    }

    /** Kafka's form of a Strata topic id; the zero id for an empty one. */
    static Uuid toKafka(String strataId) {
        if (strataId.isEmpty()) {
            return Uuid.ZERO_UUID;
        }
        UUID id = UUID.fromString(strataId);
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    /** The topic with this Kafka id in the node's metadata view (a scan: admin requests are rare). */
    static Optional<TopicDescription> find(ClusterMetadata metadata, Uuid id) {
        return metadata.topics().values().stream()
                .filter(topic -> !topic.getTopicId().isEmpty() && toKafka(topic.getTopicId()).equals(id))
                .findFirst();
    }
}
