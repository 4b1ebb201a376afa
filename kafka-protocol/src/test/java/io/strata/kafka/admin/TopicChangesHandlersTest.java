package io.strata.kafka.admin;

import io.strata.api.v1.NodeState;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** DeleteTopics and CreatePartitions. */
class TopicChangesHandlersTest {

    private final FakeControlPlane cluster = new FakeControlPlane()
            .withNode(1, "broker-1:9092", NodeState.NODE_STATE_UP, "")
            .withTopic("a", 2, Map.of())
            .withTopic("b", 2, Map.of());
    private final DeleteTopicsHandler delete = new DeleteTopicsHandler(cluster);
    private final CreatePartitionsHandler grow = new CreatePartitionsHandler(cluster);

    @Test
    void deletesByNameInOldVersions() {
        Uuid idOfA = TopicIds.toKafka(cluster.topics.get("a").getTopicId());
        DeleteTopicsResponseData response = AdminRequests.call(delete, new DeleteTopicsRequest.Builder(
                new DeleteTopicsRequestData().setTopicNames(List.of("a", "missing")).setTimeoutMs(1000)), (short) 5);

        assertThat(response.responses().find("a").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.responses().find("missing").errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(response.responses().find("missing").errorMessage()).isEqualTo("name: topic 'missing' does not exist");
        assertThat(cluster.topics).containsOnlyKeys("b");
        assertThat(cluster.awaited).containsExactly(cluster.version);
        assertThat(idOfA).isNotEqualTo(Uuid.ZERO_UUID);
    }

    @Test
    void deletesByIdFromV6AndAnswersTheId() {
        Uuid idOfB = TopicIds.toKafka(cluster.topics.get("b").getTopicId());
        Uuid unknown = Uuid.randomUuid();
        DeleteTopicsResponseData response = AdminRequests.call(delete, new DeleteTopicsRequest.Builder(
                new DeleteTopicsRequestData().setTimeoutMs(1000).setTopics(List.of(
                        new DeleteTopicState().setTopicId(idOfB),
                        new DeleteTopicState().setTopicId(unknown),
                        new DeleteTopicState().setName("a").setTopicId(idOfB),
                        new DeleteTopicState().setName("x"),
                        new DeleteTopicState().setName("x")))), (short) 6);

        List<DeleteTopicsResponseData.DeletableTopicResult> results = List.copyOf(response.responses());
        assertThat(results.get(0).name()).isEqualTo("b");
        assertThat(results.get(0).topicId()).isEqualTo(idOfB);
        assertThat(results.get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(results.get(1).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
        assertThat(results.get(1).errorMessage()).isEqualTo("no topic has id " + unknown);
        assertThat(results.get(2).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(results.get(2).errorMessage()).startsWith("topic 'a' is given both by name and by id");
        assertThat(results.get(3).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(results.get(4).errorMessage()).isEqualTo("topic 'x' appears more than once in the request");
        assertThat(cluster.topics).containsOnlyKeys("a");
    }

    @Test
    void growsPartitionsAndRefusesPerTopic() {
        CreatePartitionsResponseData response = AdminRequests.call(grow, new CreatePartitionsRequest.Builder(
                new CreatePartitionsRequestData().setTimeoutMs(1000).setTopics(topics(
                        new CreatePartitionsTopic().setName("a").setCount(5),
                        new CreatePartitionsTopic().setName("b").setCount(2),
                        new CreatePartitionsTopic().setName("missing").setCount(3),
                        new CreatePartitionsTopic().setName("assigned").setCount(3).setAssignments(
                                List.of(new CreatePartitionsAssignment().setBrokerIds(List.of(1))))))), (short) 3);

        assertThat(result(response, "a").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(cluster.topics.get("a").getPartitionsCount()).isEqualTo(5);
        assertThat(result(response, "b").errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
        assertThat(result(response, "b").errorMessage()).isEqualTo("total_count: 2 is not more than topic 'b''s 2 partitions");
        assertThat(result(response, "missing").errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(result(response, "assigned").errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(result(response, "assigned").errorMessage()).isEqualTo("topic 'assigned': explicit replica"
                + " assignments are not supported yet; give only the new total count");
        assertThat(cluster.awaited).containsExactly(cluster.version);
    }

    @Test
    void validateOnlyChecksTheCountWithoutGrowing() {
        CreatePartitionsResponseData response = AdminRequests.call(grow, new CreatePartitionsRequest.Builder(
                new CreatePartitionsRequestData().setTimeoutMs(1000).setValidateOnly(true).setTopics(topics(
                        new CreatePartitionsTopic().setName("a").setCount(4),
                        new CreatePartitionsTopic().setName("b").setCount(1),
                        new CreatePartitionsTopic().setName("missing").setCount(3)))), (short) 0);

        assertThat(result(response, "a").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result(response, "b").errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
        assertThat(result(response, "b").errorMessage()).isEqualTo("count: 1 is not more than topic 'b''s 2 partitions");
        assertThat(result(response, "missing").errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(cluster.topics.get("a").getPartitionsCount()).isEqualTo(2);
        assertThat(cluster.changes).isEmpty();
    }

    private static CreatePartitionsRequestData.CreatePartitionsTopicCollection topics(CreatePartitionsTopic... topics) {
        CreatePartitionsRequestData.CreatePartitionsTopicCollection collection =
                new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
        for (CreatePartitionsTopic topic : topics) {
            collection.add(topic);
        }
        return collection;
    }

    private static CreatePartitionsTopicResult result(CreatePartitionsResponseData response, String name) {
        return response.results().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
