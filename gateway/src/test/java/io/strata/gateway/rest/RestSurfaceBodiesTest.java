package io.strata.gateway.rest;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.gateway.group.TopicPartition;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The REST Proxy v2 and Strimzi Bridge bodies issue 19 added: both APIs' consumer config keys,
 * seek shapes, the Bridge's record timestamp and topic creation names, fields accepted and
 * ignored (and named), topic metadata in the v2 shape, and the answer's media type.
 */
class RestSurfaceBodiesTest {

    @Test
    void theBridgesConsumerKeysAreReadBesideTheRestProxys() {
        ConsumerJson.Creation bridge = ConsumerJson.creation(bytes("{\"name\":\"c1\",\"format\":\"json\",\"auto.offset.reset\":"
                + "\"earliest\",\"enable.auto.commit\":false,\"fetch.min.bytes\":512,\"consumer.request.timeout.ms\":30000,"
                + "\"isolation.level\":\"read_committed\"}"), "gen");
        assertThat(bridge.configs()).containsEntry("auto.commit.enable", "false").containsEntry("auto.offset.reset", "earliest")
                .containsEntry("consumer.request.timeout.ms", "30000");
        assertThat(bridge.ignored().names()).containsExactly("fetch.min.bytes", "isolation.level");
        assertThat(bridge.ignored().warning()).isEqualTo("299 - \"ignored: fetch.min.bytes, isolation.level\"");

        ConsumerJson.Creation proxy = ConsumerJson.creation(bytes("{\"id\":\"old\",\"auto.commit.enable\":\"true\"}"), "gen");
        assertThat(proxy.name()).isEqualTo("old");
        assertThat(proxy.configs()).containsEntry("auto.commit.enable", "true");
        assertThat(proxy.ignored()).isEqualTo(IgnoredFields.NONE);
        assertThat(proxy.ignored().warning()).isNull();
    }

    @Test
    void consumerKeysThatDisagreeOrHoldNonsenseAreRefused() {
        refusedCreation("{\"auto.commit.enable\":true,\"enable.auto.commit\":false}", "disagree");
        refusedCreation("{\"enable.auto.commit\":\"often\"}", "\"enable.auto.commit\" must be true or false");
        refusedCreation("{\"isolation.level\":\"serializable\"}", "\"isolation.level\"");
        refusedCreation("{\"fetch.min.bytes\":\"lots\"}", "\"fetch.min.bytes\"");
        refusedCreation("{\"consumer.request.timeout.ms\":-5}", "\"consumer.request.timeout.ms\"");
        refusedCreation("{\"max.poll.records\":5}", "unknown field \"max.poll.records\"");
    }

    @Test
    void seekTakesOffsetsAndTimestampsAndIgnoresMetadata() {
        ConsumerJson.Seek seek = ConsumerJson.seek(bytes("{\"offsets\":[{\"topic\":\"t\",\"partition\":1,\"offset\":15,"
                + "\"metadata\":\"m\"}],\"timestamps\":[{\"topic\":\"t\",\"partition\":2,\"timestamp\":\"2026-12-05T05:00:00Z\"},"
                + "{\"topic\":\"u\",\"partition\":0,\"timestamp\":1000}]}"));
        assertThat(seek.offsets()).containsExactly(Map.entry(new TopicPartition("t", 1), 15L));
        assertThat(seek.timestamps()).containsEntry(new TopicPartition("t", 2), Instant.parse("2026-12-05T05:00:00Z").toEpochMilli())
                .containsEntry(new TopicPartition("u", 0), 1000L);
        assertThat(seek.ignored().names()).containsExactly("offsets[].metadata");

        assertThatThrownBy(() -> ConsumerJson.seek(bytes("{}"))).hasMessageContaining("\"offsets\"");
        assertThatThrownBy(() -> ConsumerJson.seek(bytes("{\"timestamps\":[{\"topic\":\"t\",\"partition\":0,\"timestamp\":\"yesterday\"}]}")))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ConsumerJson.seek(bytes("{\"offsets\":[{\"topic\":\"t\",\"partition\":0,\"ofset\":3}]}")))
                .hasMessageContaining("unknown field \"ofset\"");
    }

    @Test
    void produceTakesTheBridgesTimestampAndIgnoresTheProxysSchemaFields() {
        ProduceBody.Parsed parsed = ProduceBody.read(bytes("{\"value_schema\":\"{}\",\"key_schema_id\":3,\"records\":"
                + "[{\"value\":1,\"timestamp\":1764900000000},{\"value\":2}]}"), EmbeddedFormat.JSON, 10);
        assertThat(parsed.records()).extracting(r -> r.timestampMs()).containsExactly(1764900000000L, 0L);
        assertThat(parsed.ignored().names()).containsExactly("value_schema", "key_schema_id");
        assertThatThrownBy(() -> ProduceBody.read(bytes("{\"records\":[{\"value\":1,\"timestamp\":\"now\"}]}"), EmbeddedFormat.JSON, 10))
                .hasMessageContaining("records[0].timestamp");
        assertThatThrownBy(() -> ProduceBody.read(bytes("{\"recordz\":[]}"), EmbeddedFormat.JSON, 10))
                .hasMessageContaining("unknown field \"recordz\"");
    }

    @Test
    void theBridgesTextFormatStoresStringsAsUtf8AndRefusesOtherBytesOnRead() {
        assertThat(EmbeddedFormat.ofContentType("application/vnd.kafka.text.v2+json")).isEqualTo(EmbeddedFormat.TEXT);
        assertThat(EmbeddedFormat.ofAccept("application/vnd.kafka.text.v2+json")).isEqualTo(EmbeddedFormat.TEXT);
        var records = ProduceBody.parse(bytes("{\"records\":[{\"key\":\"k\",\"value\":\"héllo\"}]}"), EmbeddedFormat.TEXT, 10);
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("héllo");
        assertThatThrownBy(() -> ProduceBody.parse(bytes("{\"records\":[{\"value\":{\"a\":1}}]}"), EmbeddedFormat.TEXT, 10))
                .hasMessageContaining("must be a string in the text format");

        var read = RecordJson.toJson("t", 0, List.of(new io.strata.gateway.fetch.FetchedRecord(7, 1000, null,
                "héllo".getBytes(StandardCharsets.UTF_8), List.of())), EmbeddedFormat.TEXT);
        assertThat(read.get(0).get("value").asText()).isEqualTo("héllo");
        assertThatThrownBy(() -> RecordJson.toJson("t", 0, List.of(new io.strata.gateway.fetch.FetchedRecord(8, 1000, null,
                new byte[] {(byte) 0xff, (byte) 0xfe}, List.of())), EmbeddedFormat.TEXT))
                .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RECORD))
                .hasMessageContaining("offset 8");
        assertThat(ConsumerJson.creation(bytes("{\"format\":\"text\"}"), "gen").format()).isEqualTo("text");
    }

    @Test
    void theWarningHeaderNamesEachIgnoredFieldOnce() {
        IgnoredFields ignored = IgnoredFields.of(List.of("a", "b")).plus(IgnoredFields.of(List.of("b", "c")));
        Response response = ignored.on(Response.noContent().build());
        assertThat(response.getHeaderString("Warning")).isEqualTo("299 - \"ignored: a, b, c\"");
        assertThat(IgnoredFields.NONE.on(Response.noContent().build()).getHeaderString("Warning")).isNull();
    }

    @Test
    void topicCreationTakesTheBridgesNames() {
        var request = AdminJson.createTopic(bytes("{\"topic_name\":\"t\",\"partitions_count\":3,\"replication_factor\":2}"));
        assertThat(request.getName()).isEqualTo("t");
        assertThat(request.getPartitions()).isEqualTo(3);
        assertThat(request.getReplicationFactor()).isEqualTo(2);
        assertThatThrownBy(() -> AdminJson.createTopic(bytes("{\"name\":\"t\",\"topic_name\":\"u\"}")))
                .hasMessageContaining("not both");
    }

    @Test
    void topicsDescribeInTheV2ShapeWithReplicasAsObjects() {
        TopicDescription topic = TopicDescription.newBuilder().setName("orders").putConfigs("retention.ms", "1000")
                .addPartitions(PartitionDescription.newBuilder().setPartition(0).setLeader(2).addReplicas(2).addReplicas(3)
                        .addReplicas(1).addIsr(2).addIsr(1))
                .build();
        TopicJson.Topic v2 = TopicJson.topic(topic);
        assertThat(v2.configs()).containsExactly(Map.entry("retention.ms", "1000"));
        assertThat(v2.partitions()).singleElement().satisfies(p -> {
            assertThat(p.leader()).isEqualTo(2);
            assertThat(p.replicas()).containsExactly(new TopicJson.Replica(2, true, true), new TopicJson.Replica(3, false, false),
                    new TopicJson.Replica(1, false, true));
        });
        assertThat(new String(JsonBodies.bytes(v2.partitions().get(0).replicas().get(0)), StandardCharsets.UTF_8))
                .contains("\"broker\":2", "\"leader\":true", "\"in_sync\":true");
        assertThatThrownBy(() -> TopicJson.partitionOf(topic, 1))
                .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION))
                .hasMessageContaining("partitions 0 to 0");
    }

    @Test
    void controlAnswersAreLabelledV2WhenTheClientAsksForIt() {
        assertThat(KafkaMediaType.answerType("application/vnd.kafka.v2+json")).isEqualTo(KafkaMediaType.V2);
        assertThat(KafkaMediaType.answerType("application/vnd.kafka+json; q=0.9, application/json")).isEqualTo(KafkaMediaType.V2);
        assertThat(KafkaMediaType.answerType("application/json, application/vnd.kafka.v2+json")).isEqualTo("application/json");
        assertThat(KafkaMediaType.answerType("*/*")).isEqualTo("application/json");
        assertThat(KafkaMediaType.answerType(null)).isEqualTo("application/json");
    }

    private static void refusedCreation(String body, String naming) {
        assertThatThrownBy(() -> ConsumerJson.creation(bytes(body), "gen"))
                .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining(naming);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
