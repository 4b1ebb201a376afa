package io.strata.gateway.rest;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.ResetSpec;
import io.strata.gateway.group.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerJsonTest {

    @Test
    void creationTakesTheRestProxyFieldsWithTheirDefaults() {
        ConsumerJson.Creation creation = ConsumerJson.creation(bytes("{\"name\":\"c1\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}"), "gen");
        assertThat(creation.name()).isEqualTo("c1");
        assertThat(creation.format()).isEqualTo("json");
        assertThat(creation.configs()).containsEntry("auto.offset.reset", "earliest").containsEntry("auto.commit.enable", "false");

        ConsumerJson.Creation defaults = ConsumerJson.creation(new byte[0], "gen");
        assertThat(defaults.name()).isEqualTo("gen");
        assertThat(defaults.format()).isEqualTo("binary");
        assertThat(defaults.configs()).containsEntry("auto.offset.reset", "latest");
    }

    @Test
    void badCreationsAreRefusedNamingTheField() {
        refused("{\"format\":\"avro\"}", "\"format\"");
        refused("{\"auto.offset.reset\":\"sometimes\"}", "\"auto.offset.reset\"");
        refused("{\"auto.commit.enable\":\"maybe\"}", "\"auto.commit.enable\"");
        refused("{\"colour\":\"red\"}", "\"colour\"");
    }

    @Test
    void subscriptionIsTopicsOrAPatternNeverBoth() {
        assertThat(ConsumerJson.subscription(bytes("{\"topics\":[\"a\",\"b\"]}")).getTopicNamesList()).containsExactly("a", "b");
        assertThat(ConsumerJson.subscription(bytes("{\"topic_pattern\":\"a.*\"}")).getTopicRegex()).isEqualTo("a.*");
        assertThatThrownBy(() -> ConsumerJson.subscription(bytes("{\"topics\":[\"a\"],\"topic_pattern\":\"a\"}")))
                .isInstanceOf(StrataException.class);
        assertThatThrownBy(() -> ConsumerJson.subscription(bytes("{\"topic_pattern\":\"(\"}")))
                .hasMessageContaining("regular expression");
        assertThatThrownBy(() -> ConsumerJson.subscription(bytes("{\"topics\":[]}"))).hasMessageContaining("non-empty");
    }

    @Test
    void offsetsAndPartitionsAreReadWithEveryFieldChecked() {
        var offsets = ConsumerJson.offsets(bytes("{\"offsets\":[{\"topic\":\"t\",\"partition\":2,\"offset\":42,\"metadata\":\"m\"}]}"));
        assertThat(offsets).singleElement().satisfies(o -> {
            assertThat(o.getTopic()).isEqualTo("t");
            assertThat(o.getPartition()).isEqualTo(2);
            assertThat(o.getOffset()).isEqualTo(42);
            assertThat(o.getMetadata()).isEqualTo("m");
        });
        assertThat(ConsumerJson.offsets(new byte[0])).isEmpty();
        assertThat(ConsumerJson.partitions(bytes("{\"partitions\":[{\"topic\":\"t\",\"partition\":1}]}")))
                .containsExactly(new TopicPartition("t", 1));
        assertThatThrownBy(() -> ConsumerJson.offsets(bytes("{\"offsets\":[{\"topic\":\"t\",\"partition\":0,\"offset\":-1}]}")))
                .hasMessageContaining("\"offset\"");
        assertThatThrownBy(() -> ConsumerJson.partitions(bytes("{\"partitions\":[{\"partition\":1}]}")))
                .hasMessageContaining("\"topic\"");
    }

    @Test
    void resetBodiesNameTheirTarget() {
        var request = GroupAdminJson.reset("g", bytes("{\"to\":\"timestamp\",\"timestamp\":1000,\"topics\":[{\"topic\":\"t\"}]}"));
        assertThat(request.getSpec()).isEqualTo(ResetSpec.RESET_SPEC_TIMESTAMP);
        assertThat(request.getTimestampMs()).isEqualTo(1000);
        assertThat(request.getPartitions(0).getPartitionsList()).isEmpty();
        assertThatThrownBy(() -> GroupAdminJson.reset("g", bytes("{\"to\":\"yesterday\",\"topics\":[{\"topic\":\"t\"}]}")))
                .hasMessageContaining("\"to\"");
        assertThatThrownBy(() -> GroupAdminJson.reset("g", bytes("{\"to\":\"offset\",\"topics\":[{\"topic\":\"t\"}]}")))
                .hasMessageContaining("\"offset\"");
    }

    private static void refused(String body, String naming) {
        assertThatThrownBy(() -> ConsumerJson.creation(bytes(body), "gen"))
                .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining(naming);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
