package io.strata.metadata.topic;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ConfigEntry;
import io.strata.api.v1.ConfigSource;
import io.strata.api.v1.ErrorCode;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The pure topic rules: names, config typing and ranges, defaults, partition count and replication factor. */
class TopicRulesTest {

    private static void refused(ThrowableAssert.ThrowingCallable call, ErrorCode code, String messagePart) {
        StrataException error = catchThrowableOfType(StrataException.class, call);
        assertThat(error).as("expected %s", code).isNotNull();
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.getMessage()).contains(messagePart);
    }

    @Test
    void namesFollowKafka() {
        assertThat(TopicName.validate("Orders_v2.eu-west-1")).isEqualTo("Orders_v2.eu-west-1");
        assertThat(TopicName.validate("a".repeat(249))).hasSize(249);
        assertThat(TopicName.validate("...")).isEqualTo("...");
        refused(() -> TopicName.validate(""), ErrorCode.INVALID_TOPIC, "is empty");
        refused(() -> TopicName.validate(null), ErrorCode.INVALID_TOPIC, "is empty");
        refused(() -> TopicName.validate("a".repeat(250)), ErrorCode.INVALID_TOPIC, "250 characters");
        refused(() -> TopicName.validate("."), ErrorCode.INVALID_TOPIC, "not allowed");
        refused(() -> TopicName.validate(".."), ErrorCode.INVALID_TOPIC, "not allowed");
        refused(() -> TopicName.validate("é"), ErrorCode.INVALID_TOPIC, "contains 'é' at index 0");
    }

    @Test
    void configValuesAreTypedRangedAndCanonical() {
        assertThat(TopicConfigs.validate(Map.of("retention.ms", " 0060000 ", "cleanup.policy", "Compact",
                "unclean.leader.election.enable", "TRUE", "retention.bytes", "-1")))
                .containsExactly(Map.entry("cleanup.policy", "compact"), Map.entry("retention.bytes", "-1"),
                        Map.entry("retention.ms", "60000"), Map.entry("unclean.leader.election.enable", "true"));
        refused(() -> TopicConfigs.validate(Map.of("compression.type", "zstd")), ErrorCode.INVALID_CONFIG, "unknown config key 'compression.type'");
        refused(() -> TopicConfigs.validate(Map.of("segment.ms", "0")), ErrorCode.INVALID_CONFIG, "'segment.ms' is out of range 1");
        refused(() -> TopicConfigs.validate(Map.of("segment.bytes", "2147483648")), ErrorCode.INVALID_CONFIG, "out of range 1024 … 2147483647");
        refused(() -> TopicConfigs.validate(Map.of("flush.messages", "1.5")), ErrorCode.INVALID_CONFIG, "is not a long integer");
        refused(() -> TopicConfigs.validate(Map.of("min.insync.replicas", "x")), ErrorCode.INVALID_CONFIG, "is not an integer");
    }

    @Test
    void clusterDefaultsOverrideKafkasAndOverridesWinOverBoth() {
        TopicConfigs configs = TopicConfigs.withClusterDefaults(Map.of("retention.ms", "86400000"));
        assertThat(configs.defaults()).hasSize(TopicConfigKey.values().length)
                .containsEntry("retention.ms", "86400000").containsEntry("segment.bytes", "1073741824")
                .containsEntry("max.message.bytes", "1048588").containsEntry("cleanup.policy", "delete")
                .containsEntry("unclean.leader.election.enable", "false");
        assertThat(configs.effective(Map.of(), Map.of("retention.ms", "1000"))).containsEntry("retention.ms", "1000");
        refused(() -> TopicConfigs.withClusterDefaults(Map.of("retention.ms", "never")), ErrorCode.INVALID_CONFIG, "retention.ms");
    }

    @Test
    void precedenceIsOverrideThenDynamicDefaultThenStaticDefaultThenKafkas() {
        TopicConfigs configs = TopicConfigs.withClusterDefaults(Map.of("retention.ms", "86400000", "segment.ms", "3600000"));
        Map<String, String> dynamic = Map.of("retention.ms", "60000", "min.insync.replicas", "2");

        assertThat(configs.clusterDefaults(dynamic)).containsExactly(Map.entry("min.insync.replicas", "2"),
                Map.entry("retention.ms", "60000"), Map.entry("segment.ms", "3600000"));
        Map<String, ConfigEntry> described = configs.describe(dynamic, Map.of("min.insync.replicas", "3")).stream()
                .collect(Collectors.toMap(ConfigEntry::getName, entry -> entry));
        assertThat(described.get("min.insync.replicas").getValue()).isEqualTo("3");
        assertThat(described.get("min.insync.replicas").getSource()).isEqualTo(ConfigSource.CONFIG_SOURCE_TOPIC);
        assertThat(described.get("retention.ms").getValue()).isEqualTo("60000");
        assertThat(described.get("retention.ms").getSource()).isEqualTo(ConfigSource.CONFIG_SOURCE_CLUSTER);
        assertThat(described.get("segment.ms").getValue()).isEqualTo("3600000");
        assertThat(described.get("segment.ms").getSource()).isEqualTo(ConfigSource.CONFIG_SOURCE_STATIC);
        assertThat(described.get("segment.bytes").getSource()).isEqualTo(ConfigSource.CONFIG_SOURCE_DEFAULT);
        assertThat(described.get("min.cleanable.dirty.ratio").getType()).isEqualTo("double");
    }

    @Test
    void minCompactionLagAboveMaxIsRefusedNamingBoth() {
        TopicConfigs configs = TopicConfigs.withClusterDefaults(Map.of());
        refused(() -> TopicConfigs.checkConsistent(configs.effective(Map.of(), Map.of("min.compaction.lag.ms", "5000",
                "max.compaction.lag.ms", "1000")), "configs"), ErrorCode.INVALID_CONFIG,
                "configs: min.compaction.lag.ms (5000) is greater than max.compaction.lag.ms (1000)");
        refused(() -> configs.alterDynamicDefaults(Map.of("max.compaction.lag.ms", "1000"),
                Map.of("min.compaction.lag.ms", "5000"), List.of()), ErrorCode.INVALID_CONFIG,
                "cluster defaults: min.compaction.lag.ms (5000) is greater than max.compaction.lag.ms (1000)");
        refused(() -> TopicConfigs.withClusterDefaults(Map.of("min.compaction.lag.ms", "5000", "max.compaction.lag.ms", "1")),
                ErrorCode.INVALID_CONFIG, "strata.metadata.topic-defaults: min.compaction.lag.ms (5000)");
        assertThat(configs.alterDynamicDefaults(Map.of(), Map.of("min.compaction.lag.ms", "1000",
                "max.compaction.lag.ms", "1000"), List.of())).hasSize(2);
    }

    @Test
    void alterSetsAndDeletes() {
        assertThat(TopicConfigs.alter(Map.of("retention.ms", "1", "segment.ms", "2"), Map.of("flush.ms", "3"), List.of("segment.ms")))
                .containsExactly(Map.entry("flush.ms", "3"), Map.entry("retention.ms", "1"));
        refused(() -> TopicConfigs.alter(Map.of(), Map.of("flush.ms", "3"), List.of("flush.ms")), ErrorCode.INVALID_CONFIG, "both set and deleted");
    }

    @Test
    void shapesTakeDefaultsAndAreBounded() {
        assertThat(TopicShape.resolve(0, 0, 3, 2, 100, 3)).isEqualTo(new TopicShape(3, 2));
        refused(() -> TopicShape.resolve(-1, 1, 1, 1, 100, 3), ErrorCode.INVALID_PARTITIONS, "partitions: -1 is less than 1");
        refused(() -> TopicShape.resolve(101, 1, 1, 1, 100, 3), ErrorCode.INVALID_PARTITIONS, "partitions: 101 is more than the limit of 100");
        refused(() -> TopicShape.resolve(1, -1, 1, 1, 100, 3), ErrorCode.INVALID_REPLICATION_FACTOR, "replication_factor: -1 is less than 1");
        refused(() -> TopicShape.resolve(1, 4, 1, 1, 100, 3), ErrorCode.INVALID_REPLICATION_FACTOR, "replication_factor: 4 is more than the 3 live nodes");
        refused(() -> TopicShape.resolve(1, 0, 1, 1, 100, 0), ErrorCode.INVALID_REPLICATION_FACTOR, "more than the 0 live nodes");
    }
}
