package io.strata.kafka.admin;

import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.NodeState;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsRequest.Config;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** DescribeConfigs, IncrementalAlterConfigs and the legacy AlterConfigs. */
class ConfigsHandlersTest {

    private static final byte TOPIC = ConfigResource.Type.TOPIC.id();
    private static final byte BROKER = ConfigResource.Type.BROKER.id();

    private final FakeControlPlane cluster = new FakeControlPlane()
            .withNode(1, "broker-1:9092", NodeState.NODE_STATE_UP, "")
            .withTopic("t", 1, Map.of("retention.ms", "1000", "cleanup.policy", "compact"));
    private final InMemoryThrottles throttles = new InMemoryThrottles();
    private final DescribeConfigsHandler describe = new DescribeConfigsHandler(cluster, throttles);
    private final IncrementalAlterConfigsHandler incremental = new IncrementalAlterConfigsHandler(cluster, throttles);
    private final AlterConfigsHandler legacy = new AlterConfigsHandler(cluster);

    @Test
    void describesATopicWithSourcesTypesAndDocumentation() {
        DescribeConfigsResult result = describeOne(new DescribeConfigsResource().setResourceType(TOPIC).setResourceName("t"),
                (short) 4, true, true);

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.configs()).extracting(DescribeConfigsResourceResult::name)
                .containsExactlyElementsOf(FakeControlPlane.KNOWN.keySet());
        DescribeConfigsResourceResult retention = config(result, "retention.ms");
        assertThat(retention.value()).isEqualTo("1000");
        assertThat(retention.configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        assertThat(retention.configType()).isEqualTo(ConfigType.LONG.id());
        assertThat(retention.documentation()).isEqualTo("what retention.ms does");
        assertThat(retention.readOnly()).isFalse();
        assertThat(retention.synonyms()).singleElement().satisfies(synonym -> {
            assertThat(synonym.value()).isEqualTo("1000");
            assertThat(synonym.source()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        });
        DescribeConfigsResourceResult unclean = config(result, "unclean.leader.election.enable");
        assertThat(unclean.configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(unclean.configType()).isEqualTo(ConfigType.BOOLEAN.id());
        assertThat(config(result, "cleanup.policy").configType()).isEqualTo(ConfigType.STRING.id());
        assertThat(config(result, "min.insync.replicas").configType()).isEqualTo(ConfigType.INT.id());
    }

    @Test
    void requestedKeysFilterAndDocumentationOnlyWhenAsked() {
        DescribeConfigsResult result = describeOne(new DescribeConfigsResource().setResourceType(TOPIC).setResourceName("t")
                .setConfigurationKeys(List.of("cleanup.policy", "no.such.key")), (short) 4, false, false);

        assertThat(result.configs()).extracting(DescribeConfigsResourceResult::name).containsExactly("cleanup.policy");
        assertThat(result.configs().get(0).documentation()).isNull();
        assertThat(result.configs().get(0).synonyms()).isEmpty();
    }

    @Test
    void describesThisBrokerReadOnlyAndRefusesOtherResources() {
        DescribeConfigsResponseData response = AdminRequests.call(describe, new DescribeConfigsRequest.Builder(
                new DescribeConfigsRequestData().setResources(List.of(
                        new DescribeConfigsResource().setResourceType(BROKER).setResourceName("1"),
                        new DescribeConfigsResource().setResourceType(BROKER).setResourceName(""),
                        new DescribeConfigsResource().setResourceType(BROKER).setResourceName("9"),
                        new DescribeConfigsResource().setResourceType(ConfigResource.Type.GROUP.id()).setResourceName("g"),
                        new DescribeConfigsResource().setResourceType(TOPIC).setResourceName("missing")))), (short) 1);

        List<DescribeConfigsResult> results = response.results();
        List<DescribeConfigsResourceResult> staticConfigs = results.get(0).configs().stream()
                .filter(config -> !config.name().contains("throttled") && !config.name().contains("io.max.bytes")).toList();
        assertThat(staticConfigs).extracting(DescribeConfigsResourceResult::name, DescribeConfigsResourceResult::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("auto.create.topics.enable", "true"),
                        org.assertj.core.groups.Tuple.tuple("broker.id", "1"),
                        org.assertj.core.groups.Tuple.tuple("node.id", "1"));
        assertThat(results.get(0).configs()).hasSize(6);
        assertThat(staticConfigs).allSatisfy(config -> {
            assertThat(config.readOnly()).isTrue();
            assertThat(config.configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
        });
        assertThat(results.get(1).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(results.get(1).configs()).isEmpty();
        assertThat(results.get(2).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(results.get(2).errorMessage()).startsWith("unexpected broker id '9': this is node 1");
        assertThat(results.get(3).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(results.get(3).errorMessage()).isEqualTo("resource type GROUP (32) is not supported by DescribeConfigs;"
                + " TOPIC and BROKER are");
        assertThat(results.get(4).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(results.get(4).errorMessage()).isEqualTo("topic: topic 'missing' does not exist");
    }

    @Test
    void incrementalSetsAndDeletes() {
        IncrementalAlterConfigsResponseData response = alterIncrementally(false, Map.of(topic("t"), List.of(
                new AlterConfigOp(new ConfigEntry("min.insync.replicas", "2"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE))));

        assertThat(response.responses()).singleElement().satisfies(r -> assertThat(r.errorCode()).isEqualTo(Errors.NONE.code()));
        assertThat(cluster.topics.get("t").getConfigsMap())
                .containsOnly(Map.entry("min.insync.replicas", "2"), Map.entry("cleanup.policy", "compact"));
        assertThat(cluster.awaited).containsExactly(cluster.version);
    }

    @Test
    void incrementalRefusalsArePerResource() {
        cluster.withTopic("u", 1, Map.of());
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new LinkedHashMap<>();
        ops.put(topic("t"), List.of(new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.APPEND)));
        ops.put(topic("u"), List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "forever"), AlterConfigOp.OpType.SET)));
        ops.put(topic("missing"), List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.SET)));
        ops.put(new ConfigResource(ConfigResource.Type.BROKER, "1"),
                List.of(new AlterConfigOp(new ConfigEntry("auto.create.topics.enable", "false"), AlterConfigOp.OpType.SET)));

        List<IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse> results =
                alterIncrementally(false, ops).responses();

        assertThat(results.get(0).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(results.get(0).errorMessage()).isEqualTo("config 'cleanup.policy': APPEND edits list configs, and"
                + " Strata's topic configs each hold one value; use SET");
        assertThat(results.get(1).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(results.get(1).errorMessage()).isEqualTo("configs: value 'forever' of 'retention.ms' is not a valid long");
        assertThat(results.get(2).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(results.get(3).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(results.get(3).errorMessage()).startsWith("config 'auto.create.topics.enable' is not a dynamic config");
        assertThat(cluster.changes).isEmpty();
        assertThat(throttles.dynamic).isEmpty();
    }

    @Test
    void thisBrokersThrottlesAreSetDescribedAsDynamicAndDeletedWhileAnotherBrokerIsRefused() {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new LinkedHashMap<>();
        ops.put(new ConfigResource(ConfigResource.Type.BROKER, "1"), List.of(
                new AlterConfigOp(new ConfigEntry("follower.replication.throttled.rate", "1048576"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("leader.replication.throttled.rate", "1048576"), AlterConfigOp.OpType.SET)));
        ops.put(new ConfigResource(ConfigResource.Type.BROKER, "2"), List.of(
                new AlterConfigOp(new ConfigEntry("follower.replication.throttled.rate", "1048576"), AlterConfigOp.OpType.SET)));

        List<IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse> results = alterIncrementally(false, ops).responses();

        assertThat(results.get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(results.get(1).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(results.get(1).errorMessage()).startsWith("unexpected broker id '2': this is node 1");
        assertThat(throttles.dynamic).containsOnly(Map.entry("follower.replication.throttled.rate", "1048576"),
                Map.entry("leader.replication.throttled.rate", "1048576"));
        DescribeConfigsResult described = describeOne(new DescribeConfigsResource().setResourceType(BROKER).setResourceName("1"),
                (short) 4, true, false);
        DescribeConfigsResourceResult follower = config(described, "follower.replication.throttled.rate");
        assertThat(follower.value()).isEqualTo("1048576");
        assertThat(follower.configSource()).isEqualTo(ConfigSource.DYNAMIC_BROKER_CONFIG.id());
        assertThat(follower.readOnly()).isFalse();

        // What kafka-reassign-partitions.sh --verify sends once a move is done.
        assertThat(alterIncrementally(false, Map.of(new ConfigResource(ConfigResource.Type.BROKER, "1"), List.of(
                new AlterConfigOp(new ConfigEntry("follower.replication.throttled.rate", null), AlterConfigOp.OpType.DELETE),
                new AlterConfigOp(new ConfigEntry("leader.replication.throttled.rate", null), AlterConfigOp.OpType.DELETE),
                new AlterConfigOp(new ConfigEntry("replica.alter.log.dirs.io.max.bytes.per.second", null),
                        AlterConfigOp.OpType.DELETE)))).responses().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(throttles.dynamic).isEmpty();
    }

    /** Dynamic throttles in memory, checking names as the node does. */
    private static final class InMemoryThrottles implements io.strata.kafka.backend.BrokerThrottles {
        private static final List<String> NAMES = List.of("follower.replication.throttled.rate",
                "leader.replication.throttled.rate", "replica.alter.log.dirs.io.max.bytes.per.second");
        final Map<String, String> dynamic = new java.util.TreeMap<>();

        @Override
        public List<Throttle> describe() {
            return NAMES.stream().map(name -> dynamic.containsKey(name) ? new Throttle(name, dynamic.get(name), Source.DYNAMIC)
                    : new Throttle(name, Long.toString(Long.MAX_VALUE), Source.DEFAULT)).toList();
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> alter(Map<String, String> set, java.util.Set<String> delete, boolean validateOnly) {
            for (String name : set.keySet()) {
                if (!NAMES.contains(name)) {
                    return java.util.concurrent.CompletableFuture.failedFuture(new io.strata.api.error.StrataException(
                            io.strata.api.v1.ErrorCode.INVALID_CONFIG, "config '" + name + "' is not a dynamic config of this broker"));
                }
            }
            if (!validateOnly) {
                dynamic.putAll(set);
                delete.forEach(dynamic::remove);
            }
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void incrementalValidateOnlyChecksWithoutChanging() {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new LinkedHashMap<>();
        ops.put(topic("t"), List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "5"), AlterConfigOp.OpType.SET)));
        ops.put(topic("missing"), List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "5"), AlterConfigOp.OpType.SET)));
        IncrementalAlterConfigsResponseData valid = alterIncrementally(true, ops);
        assertThat(valid.responses().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(valid.responses().get(1).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());

        IncrementalAlterConfigsResponseData invalid = alterIncrementally(true, Map.of(topic("t"), List.of(
                new AlterConfigOp(new ConfigEntry("segment.jitter.ms", "5"), AlterConfigOp.OpType.SET))));
        assertThat(invalid.responses().get(0).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(invalid.responses().get(0).errorMessage()).isEqualTo("configs: unknown config key 'segment.jitter.ms';"
                + " known keys are " + FakeControlPlane.KNOWN.keySet());

        IncrementalAlterConfigsResponseData badBoolean = alterIncrementally(true, Map.of(topic("t"), List.of(
                new AlterConfigOp(new ConfigEntry("unclean.leader.election.enable", "yes"), AlterConfigOp.OpType.SET))));
        assertThat(badBoolean.responses().get(0).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(cluster.changes).isEmpty();
        assertThat(cluster.topics.get("t").getConfigsMap()).containsEntry("retention.ms", "1000");
    }

    @Test
    void theDefaultBrokerResourceSetsClusterDefaultsUnderKafkasBrokerNames() {
        ConfigResource defaults = new ConfigResource(ConfigResource.Type.BROKER, "");
        IncrementalAlterConfigsResponseData response = alterIncrementally(false, Map.of(defaults, List.of(
                new AlterConfigOp(new ConfigEntry("log.retention.hours", "2"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("min.insync.replicas", "2"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("log.cleanup.policy", null), AlterConfigOp.OpType.DELETE))));

        assertThat(response.responses()).singleElement().satisfies(r -> assertThat(r.errorCode()).isEqualTo(Errors.NONE.code()));
        assertThat(cluster.clusterDefaults).containsOnly(Map.entry("retention.ms", "7200000"), Map.entry("min.insync.replicas", "2"));
        assertThat(cluster.awaited).containsExactly(cluster.version);

        DescribeConfigsResult described = describeOne(new DescribeConfigsResource().setResourceType(BROKER).setResourceName(""),
                (short) 4, true, false);
        assertThat(described.configs()).extracting(DescribeConfigsResourceResult::name, DescribeConfigsResourceResult::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("log.retention.ms", "7200000"),
                        org.assertj.core.groups.Tuple.tuple("min.insync.replicas", "2"));
        assertThat(described.configs()).allSatisfy(config ->
                assertThat(config.configSource()).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id()));

        DescribeConfigsResult topic = describeOne(new DescribeConfigsResource().setResourceType(TOPIC).setResourceName("t"),
                (short) 4, true, false);
        assertThat(config(topic, "min.insync.replicas").value()).isEqualTo("2");
        assertThat(config(topic, "cleanup.policy").synonyms()).singleElement().satisfies(synonym ->
                assertThat(synonym.name()).as("a topic override is named as the topic config").isEqualTo("cleanup.policy"));
        assertThat(config(topic, "unclean.leader.election.enable").synonyms()).singleElement().satisfies(synonym ->
                assertThat(synonym.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id()));
        cluster.withTopic("u", 1, Map.of());
        DescribeConfigsResult plain = describeOne(new DescribeConfigsResource().setResourceType(TOPIC).setResourceName("u"),
                (short) 4, true, false);
        assertThat(config(plain, "retention.ms").synonyms()).singleElement().satisfies(synonym -> {
            assertThat(synonym.name()).as("Kafka's broker name for a cluster default").isEqualTo("log.retention.ms");
            assertThat(synonym.value()).isEqualTo("7200000");
            assertThat(synonym.source()).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id());
        });
        assertThat(config(topic, "min.insync.replicas").configSource()).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id());
        assertThat(config(topic, "retention.ms").value()).as("the topic's override wins").isEqualTo("1000");
        assertThat(config(topic, "retention.ms").configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
    }

    @Test
    void theDefaultBrokerResourceRefusesNamesStrataDoesNotKeep() {
        ConfigResource defaults = new ConfigResource(ConfigResource.Type.BROKER, "");
        Map<ConfigResource, Collection<AlterConfigOp>> ops = Map.of(defaults, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.SET)));
        IncrementalAlterConfigsResponseData response = alterIncrementally(false, ops);

        assertThat(response.responses().get(0).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(response.responses().get(0).errorMessage()).startsWith("config 'retention.ms' is not a cluster-wide"
                + " default Strata keeps; the broker configs it takes are [log.cleaner.delete.retention.ms");
        IncrementalAlterConfigsResponseData twice = alterIncrementally(false, Map.of(defaults, List.of(
                new AlterConfigOp(new ConfigEntry("log.retention.ms", "1"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("log.retention.hours", "1"), AlterConfigOp.OpType.SET))));
        assertThat(twice.responses().get(0).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(twice.responses().get(0).errorMessage()).contains("also sets retention.ms");
        assertThat(cluster.changes).isEmpty();
    }

    @Test
    void legacyAlterOfTheDefaultBrokerResourceReplacesTheClusterDefaults() {
        cluster.clusterDefaults.put("min.insync.replicas", "2");
        AlterConfigsResponseData response = AdminRequests.call(legacy, new org.apache.kafka.common.requests.AlterConfigsRequest.Builder(
                Map.of(new ConfigResource(ConfigResource.Type.BROKER, ""), new Config(List.of(
                        new org.apache.kafka.common.requests.AlterConfigsRequest.ConfigEntry("log.retention.ms", "60000")))),
                false), (short) 2);

        assertThat(response.responses()).singleElement().satisfies(r -> assertThat(r.errorCode()).isEqualTo(Errors.NONE.code()));
        assertThat(cluster.clusterDefaults).containsOnly(Map.entry("retention.ms", "60000"));
    }

    @Test
    void legacyAlterReplacesTheWholeOverrideSet() {
        AlterConfigsResponseData response = AdminRequests.call(legacy, new org.apache.kafka.common.requests.AlterConfigsRequest.Builder(
                Map.of(topic("t"), new Config(List.of(new org.apache.kafka.common.requests.AlterConfigsRequest.ConfigEntry(
                        "min.insync.replicas", "2")))), false), (short) 2);

        assertThat(response.responses()).singleElement().satisfies(r -> assertThat(r.errorCode()).isEqualTo(Errors.NONE.code()));
        assertThat(cluster.topics.get("t").getConfigsMap()).containsOnly(Map.entry("min.insync.replicas", "2"));
        AlterConfigsRequest sent = (AlterConfigsRequest) cluster.changes.get(0);
        assertThat(sent.getDeleteList()).containsExactly("cleanup.policy", "retention.ms");
    }

    @Test
    void legacyValidateOnlyChangesNothing() {
        AlterConfigsResponseData response = AdminRequests.call(legacy, new org.apache.kafka.common.requests.AlterConfigsRequest.Builder(
                Map.of(topic("t"), new Config(List.of(new org.apache.kafka.common.requests.AlterConfigsRequest.ConfigEntry(
                        "min.insync.replicas", "two")))), true), (short) 0);

        assertThat(response.responses().get(0).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(response.responses().get(0).errorMessage()).isEqualTo("configs: value 'two' of 'min.insync.replicas' is not a valid int");
        assertThat(cluster.changes).isEmpty();
    }

    private DescribeConfigsResult describeOne(DescribeConfigsResource resource, short version, boolean synonyms,
                                              boolean documentation) {
        DescribeConfigsResponseData response = AdminRequests.call(describe, new DescribeConfigsRequest.Builder(
                new DescribeConfigsRequestData().setResources(List.of(resource))
                        .setIncludeSynonyms(synonyms).setIncludeDocumentation(documentation)), version);
        return response.results().get(0);
    }

    private IncrementalAlterConfigsResponseData alterIncrementally(boolean validateOnly,
                                                                   Map<ConfigResource, Collection<AlterConfigOp>> ops) {
        return AdminRequests.call(incremental, new IncrementalAlterConfigsRequest.Builder(ops, validateOnly), (short) 1);
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    private static DescribeConfigsResourceResult config(DescribeConfigsResult result, String name) {
        return result.configs().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
