package io.strata.kafka.admin;

import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.NodeState;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CreateTopicsHandlerTest {

    private final FakeControlPlane cluster = new FakeControlPlane()
            .withNode(1, "broker-1:9092", NodeState.NODE_STATE_UP, "");
    private final CreateTopicsHandler handler = new CreateTopicsHandler(cluster);

    @Test
    void minusOneTakesTheClusterDefaultsAndConfigsAreSet() {
        CreateTopicsResponseData response = create(ApiKeys.CREATE_TOPICS.latestVersion(), false,
                topic("orders", -1, -1, Map.of("retention.ms", "60000")));

        CreatableTopicResult result = response.topics().find("orders");
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.numPartitions()).isEqualTo(FakeControlPlane.DEFAULT_PARTITIONS);
        assertThat(result.replicationFactor()).isEqualTo((short) FakeControlPlane.DEFAULT_REPLICATION_FACTOR);
        UUID created = UUID.fromString(cluster.topics.get("orders").getTopicId());
        assertThat(result.topicId()).isEqualTo(new Uuid(created.getMostSignificantBits(), created.getLeastSignificantBits()));
        assertThat(cluster.topics.get("orders").getConfigsMap()).containsExactly(Map.entry("retention.ms", "60000"));
        assertThat(((CreateTopicRequest) cluster.changes.get(0)).getPartitions()).isZero();
        assertThat(((CreateTopicRequest) cluster.changes.get(0)).getReplicationFactor()).isZero();

        Map<String, CreatableTopicConfigs> configs = result.configs().stream()
                .collect(Collectors.toMap(CreatableTopicConfigs::name, c -> c));
        assertThat(configs).containsOnlyKeys(FakeControlPlane.KNOWN.keySet());
        assertThat(configs.get("retention.ms").value()).isEqualTo("60000");
        assertThat(configs.get("retention.ms").configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        assertThat(configs.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(configs.get("cleanup.policy").configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(cluster.awaited).containsExactly(cluster.version);
    }

    @Test
    void explicitCountsArePassedOn() {
        CreateTopicsResponseData response = create((short) 5, false, topic("wide", 12, 1, Map.of()));

        assertThat(response.topics().find("wide").numPartitions()).isEqualTo(12);
        assertThat(cluster.topics.get("wide").getPartitionsCount()).isEqualTo(12);
    }

    @Test
    void eachTopicIsAnsweredOnItsOwn() {
        cluster.withTopic("existing", 1, Map.of());
        CreatableTopic assigned = topic("assigned", -1, -1, Map.of());
        assigned.assignments().add(new CreatableReplicaAssignment().setPartitionIndex(0).setBrokerIds(List.of(1)));

        CreateTopicsResponseData response = create(ApiKeys.CREATE_TOPICS.latestVersion(), false,
                topic("good", 2, 1, Map.of()),
                topic("existing", 1, 1, Map.of()),
                topic("replicated", 1, 3, Map.of()),
                topic("badconfig", 1, 1, Map.of("no.such.key", "1")),
                topic("badvalue", 1, 1, Map.of("retention.ms", "soon")),
                topic("zero", 0, 1, Map.of()),
                topic("zerorf", 1, 0, Map.of()),
                assigned);

        assertThat(error(response, "good")).isEqualTo(Errors.NONE);
        assertThat(error(response, "existing")).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
        assertThat(response.topics().find("existing").errorMessage()).isEqualTo("name: topic 'existing' already exists");
        assertThat(response.topics().find("existing").numPartitions()).isEqualTo(-1);
        assertThat(response.topics().find("existing").topicId()).isEqualTo(Uuid.ZERO_UUID);
        assertThat(error(response, "replicated")).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(response.topics().find("replicated").errorMessage())
                .isEqualTo("replication_factor: 3 is more than the 1 live nodes");
        assertThat(error(response, "badconfig")).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(response.topics().find("badconfig").errorMessage()).startsWith("configs: unknown config key 'no.such.key'");
        assertThat(error(response, "badvalue")).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(error(response, "zero")).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(response.topics().find("zero").errorMessage())
                .isEqualTo("num_partitions: 0 must be at least 1, or -1 for the cluster default");
        assertThat(error(response, "zerorf")).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(response.topics().find("zerorf").errorMessage())
                .isEqualTo("replication_factor: 0 must be at least 1, or -1 for the cluster default");
        assertThat(error(response, "assigned")).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(response.topics().find("assigned").errorMessage()).isEqualTo("topic 'assigned': explicit replica"
                + " assignments are not supported yet; give num_partitions and replication_factor (-1 for the cluster defaults)");
        assertThat(cluster.topics).containsOnlyKeys("existing", "good");
    }

    @Test
    void aTopicNamedTwiceIsRefusedBothTimes() {
        CreateTopicsResponseData response = create(ApiKeys.CREATE_TOPICS.latestVersion(), false,
                topic("twice", 1, 1, Map.of()), topic("twice", 2, 1, Map.of()), topic("once", 1, 1, Map.of()));

        List<CreatableTopicResult> twice = response.topics().stream().filter(t -> t.name().equals("twice")).toList();
        assertThat(twice).hasSize(2).allSatisfy(result -> {
            assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
            assertThat(result.errorMessage()).isEqualTo("topic 'twice' appears more than once in the request");
        });
        assertThat(cluster.topics).containsOnlyKeys("once");
    }

    @Test
    void validateOnlyCreatesNothingButAnswersWhatWouldBe() {
        CreateTopicsResponseData response = create(ApiKeys.CREATE_TOPICS.latestVersion(), true,
                topic("dry", 4, 1, Map.of("cleanup.policy", "compact")), topic("dry-bad", 1, 5, Map.of()));

        assertThat(error(response, "dry")).isEqualTo(Errors.NONE);
        assertThat(response.topics().find("dry").numPartitions()).isEqualTo(4);
        assertThat(response.topics().find("dry").configs()).anySatisfy(config -> {
            assertThat(config.name()).isEqualTo("cleanup.policy");
            assertThat(config.value()).isEqualTo("compact");
        });
        assertThat(error(response, "dry-bad")).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(cluster.topics).isEmpty();
        assertThat(cluster.changes).isEmpty();
        assertThat(cluster.awaited).isEmpty();
    }

    @Test
    void everyAdvertisedVersionIsAnsweredInItsOwnFormat() {
        for (short version = handler.minVersion(); version <= handler.maxVersion(); version++) {
            int count = version < 4 ? 1 : -1; // -1 for the defaults came with v4
            CreateTopicsResponseData response = create(version, false, topic("v" + version, count, count, Map.of()),
                    topic("v" + version, count, count, Map.of()));
            assertThat(response.topics()).as("version %d", version).hasSize(2);
            CreateTopicsResponseData single = create(version, false, topic("w" + version, count, count, Map.of("retention.ms", "1")));
            assertThat(error(single, "w" + version)).as("version %d", version).isEqualTo(Errors.NONE);
        }
    }

    private CreateTopicsResponseData create(short version, boolean validateOnly, CreatableTopic... topics) {
        CreateTopicsRequestData data = new CreateTopicsRequestData().setTimeoutMs(30_000).setValidateOnly(validateOnly);
        for (CreatableTopic topic : topics) {
            data.topics().add(topic);
        }
        return AdminRequests.call(handler, new CreateTopicsRequest.Builder(data), version);
    }

    private static CreatableTopic topic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        CreatableTopic topic = new CreatableTopic().setName(name).setNumPartitions(partitions)
                .setReplicationFactor((short) replicationFactor);
        configs.forEach((key, value) -> topic.configs().add(new CreatableTopicConfig().setName(key).setValue(value)));
        return topic;
    }

    private static Errors error(CreateTopicsResponseData response, String name) {
        return Errors.forCode(response.topics().find(name).errorCode());
    }
}
