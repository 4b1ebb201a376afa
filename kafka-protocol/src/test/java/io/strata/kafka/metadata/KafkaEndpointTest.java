package io.strata.kafka.metadata;

import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaEndpointTest {

    @Test
    void anUpNodeWithAKafkaAddressIsABroker() {
        assertThat(KafkaEndpoint.of(node("kafka-1.example:9092", NodeState.NODE_STATE_UP, "eu-1a")))
                .contains(new KafkaEndpoint(7, "kafka-1.example", 9092, "eu-1a"));
        assertThat(KafkaEndpoint.of(node("[fe80::1]:9093", NodeState.NODE_STATE_UP, "")))
                .contains(new KafkaEndpoint(7, "fe80::1", 9093, null));
    }

    @Test
    void downNodesAndMissingOrMalformedAddressesAreNotBrokers() {
        assertThat(KafkaEndpoint.of(node("h:9092", NodeState.NODE_STATE_DOWN, ""))).isEmpty();
        for (String address : new String[]{"", "h", "h:", ":9092", "h:port", "h:0", "h:70000"}) {
            assertThat(KafkaEndpoint.of(node(address, NodeState.NODE_STATE_UP, ""))).as(address).isEmpty();
        }
    }

    @Test
    void topicIdsKeepTheirBitsAndAnEmptyIdIsZero() {
        UUID uuid = UUID.randomUUID();
        Uuid kafka = TopicIds.toKafka(uuid.toString());
        assertThat(kafka.getMostSignificantBits()).isEqualTo(uuid.getMostSignificantBits());
        assertThat(kafka.getLeastSignificantBits()).isEqualTo(uuid.getLeastSignificantBits());
        assertThat(TopicIds.toKafka("")).isEqualTo(Uuid.ZERO_UUID);
        assertThat(TopicIds.toKafka("not-a-uuid")).isEqualTo(Uuid.ZERO_UUID);
    }

    private static NodeDescription node(String kafkaAddress, NodeState state, String rack) {
        return NodeDescription.newBuilder().setNodeId(7).setKafkaAddress(kafkaAddress).setState(state).setRack(rack).build();
    }
}
