package io.strata.gateway.surface;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Walks the Kafka REST Proxy v2 and Strimzi Bridge endpoints issue 19 added, each call with a real
 * body against this gateway in front of a real cluster ({@link BackendCluster}), and checks each
 * answer's status, media type, headers and shape: topic metadata, partition offsets, brokers,
 * probes, both APIs' consumer creation keys, subscription and manual assignment, the seek shapes
 * (offsets, timestamps, beginning, end), committed offsets, ignored fields named in a
 * {@code Warning} header and unknown ones refused.
 */
@QuarkusTest
@WithTestResource(BackendCluster.class)
class RestSurfaceTest {

    private static final String JSON_RECORDS = "application/vnd.kafka.json.v2+json";
    private static final String BINARY_RECORDS = "application/vnd.kafka.binary.v2+json";

    @TestHTTPResource("/")
    URL gateway;

    private Http http;

    @BeforeEach
    void connect() {
        http = new Http(gateway.toString());
    }

    @Test
    void theBridgesProbesAndTheProxysBrokersAnswer() {
        assertThat(http.get("/healthy").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.get("/ready").status()).isEqualTo(200));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Http.Answer brokers = http.get("/brokers", Http.V2);
            assertThat(brokers.contentType()).startsWith(Http.V2);
            assertThat(brokers.ok().get("brokers")).extracting(JsonNode::asInt).containsExactly(1);
        });
    }

    @Test
    void topicsDescribeInTheSharedV2ShapeWithOffsets() {
        createTopic("{\"topic_name\":\"meta\",\"partitions_count\":2,\"replication_factor\":1}");
        assertThat(http.get("/topics").ok()).extracting(JsonNode::asText).contains("meta");

        Http.Answer described = http.get("/topics/meta", Http.V2);
        assertThat(described.contentType()).startsWith(Http.V2);
        JsonNode topic = described.ok();
        assertThat(fieldNames(topic)).containsExactlyInAnyOrder("name", "configs", "partitions");
        assertThat(topic.get("name").asText()).isEqualTo("meta");
        assertThat(topic.get("configs").isObject()).isTrue();
        assertThat(topic.get("partitions")).hasSize(2);
        for (JsonNode partition : topic.get("partitions")) {
            assertThat(fieldNames(partition)).containsExactlyInAnyOrder("partition", "leader", "replicas");
            assertThat(partition.get("replicas")).hasSize(1).allSatisfy(replica -> {
                assertThat(fieldNames(replica)).containsExactlyInAnyOrder("broker", "leader", "in_sync");
                assertThat(replica.get("broker").asInt()).isEqualTo(1);
                assertThat(replica.get("leader").asBoolean()).isTrue();
                assertThat(replica.get("in_sync").asBoolean()).isTrue();
            });
        }
        assertThat(http.get("/topics/meta/partitions").ok()).hasSize(2);
        assertThat(http.get("/topics/meta/partitions/1").ok().get("partition").asInt()).isEqualTo(1);
        Http.Answer noPartition = http.get("/topics/meta/partitions/2");
        assertThat(noPartition.status()).isEqualTo(404);
        assertThat(noPartition.contentType()).startsWith("application/problem+json");
        assertThat(noPartition.body().get("error_code").asText()).isEqualTo("UNKNOWN_TOPIC_OR_PARTITION");
        assertThat(noPartition.body().get("detail").asText()).contains("partitions 0 to 1");
        assertThat(http.get("/topics/nope").status()).isEqualTo(404);

        Http.Answer produced = http.post("/topics/meta/partitions/0", JSON_RECORDS,
                "{\"value_schema\":\"{\\\"type\\\":\\\"int\\\"}\",\"records\":[{\"value\":1},{\"value\":2},{\"value\":3}]}");
        assertThat(produced.ok().get("offsets")).hasSize(3);
        assertThat(produced.header("Warning")).isEqualTo("299 - \"ignored: value_schema\"");

        JsonNode offsets = http.get("/topics/meta/partitions/0/offsets", Http.V2).ok();
        assertThat(fieldNames(offsets)).containsExactlyInAnyOrder("beginning_offset", "end_offset");
        assertThat(offsets.get("beginning_offset").asLong()).isZero();
        assertThat(offsets.get("end_offset").asLong()).isEqualTo(3);

        http.post("/topics/meta/partitions/1", JSON_RECORDS, "{\"records\":[{\"value\":\"old\",\"timestamp\":1000}]}").ok();
        JsonNode read = http.get("/topics/meta/partitions/1/records?offset=0", JSON_RECORDS).ok();
        assertThat(read).singleElement().satisfies(r -> assertThat(r.get("timestamp").asLong()).isEqualTo(1000));
    }

    @Test
    void aRestProxyConsumerSubscribesSeeksCommitsAndLeaves() {
        createTopic("{\"name\":\"proxy-walk\",\"partitions\":2,\"replication_factor\":1}");
        http.post("/topics/proxy-walk/partitions/0", JSON_RECORDS, "{\"records\":[{\"value\":\"a\"},{\"value\":\"b\"}]}").ok();
        http.post("/topics/proxy-walk/partitions/1", JSON_RECORDS,
                "{\"records\":[{\"value\":\"early\",\"timestamp\":1000},{\"value\":\"late\",\"timestamp\":2000}]}").ok();

        Http.Answer created = http.post("/consumers/proxy-group", Http.V2, "{\"name\":\"p1\",\"format\":\"json\","
                + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\",\"fetch.min.bytes\":1}");
        assertThat(created.contentType()).startsWith(Http.V2);
        assertThat(created.ok().get("instance_id").asText()).isEqualTo("p1");
        assertThat(created.body().get("base_uri").asText()).endsWith("/consumers/proxy-group/instances/p1");
        assertThat(created.header("Warning")).isEqualTo("299 - \"ignored: fetch.min.bytes\"");
        String instance = "/consumers/proxy-group/instances/p1";

        assertThat(http.post(instance + "/subscription", Http.V2, "{\"topics\":[\"proxy-walk\"]}").status()).isEqualTo(204);
        assertThat(readUntil(instance, JSON_RECORDS, 4)).extracting(r -> r.get("value").asText())
                .containsExactlyInAnyOrder("a", "b", "early", "late");
        JsonNode subscription = http.get(instance + "/subscription", Http.V2).ok();
        assertThat(subscription.get("topics")).extracting(JsonNode::asText).containsExactly("proxy-walk");
        assertThat(subscription.get("partitions").toString()).isEqualTo("[{\"proxy-walk\":[0,1]}]");
        assertThat(http.get(instance + "/assignments").ok().get("partitions")).hasSize(2);

        assertThat(http.post(instance + "/positions/beginning", Http.V2,
                "{\"partitions\":[{\"topic\":\"proxy-walk\",\"partition\":0}]}").status()).isEqualTo(204);
        assertThat(readUntil(instance, JSON_RECORDS, 2)).extracting(r -> r.get("offset").asLong()).containsExactly(0L, 1L);

        assertThat(http.post(instance + "/positions", Http.V2,
                "{\"offsets\":[{\"topic\":\"proxy-walk\",\"partition\":0,\"offset\":1}]}").status()).isEqualTo(204);
        assertThat(readUntil(instance, JSON_RECORDS, 1)).extracting(r -> r.get("value").asText()).containsExactly("b");

        assertThat(http.post(instance + "/positions", Http.V2,
                "{\"timestamps\":[{\"topic\":\"proxy-walk\",\"partition\":1,\"timestamp\":\"1970-01-01T00:00:01.500Z\"}]}").status())
                .isEqualTo(204);
        assertThat(readUntil(instance, JSON_RECORDS, 1)).extracting(r -> r.get("value").asText()).containsExactly("late");

        assertThat(http.post(instance + "/positions/end", Http.V2,
                "{\"partitions\":[{\"topic\":\"proxy-walk\",\"partition\":0}]}").status()).isEqualTo(204);
        assertThat(http.post(instance + "/offsets", Http.V2,
                "{\"offsets\":[{\"topic\":\"proxy-walk\",\"partition\":0,\"offset\":2,\"metadata\":\"walked\"}]}").status()).isEqualTo(204);
        JsonNode committed = http.get(instance + "/offsets", Http.V2, "{\"partitions\":[{\"topic\":\"proxy-walk\",\"partition\":0}]}").ok();
        assertThat(committed.get("offsets")).singleElement().satisfies(o -> {
            assertThat(o.get("offset").asLong()).isEqualTo(2);
            assertThat(o.get("metadata").asText()).isEqualTo("walked");
        });

        Http.Answer assignWhileSubscribed = http.post(instance + "/assignments", Http.V2,
                "{\"partitions\":[{\"topic\":\"proxy-walk\",\"partition\":0}]}");
        assertThat(assignWhileSubscribed.status()).isEqualTo(400);
        assertThat(assignWhileSubscribed.body().get("detail").asText()).contains("exclusive");

        assertThat(http.delete(instance).status()).isEqualTo(204);
        assertThat(http.get(instance + "/records", JSON_RECORDS).status()).isEqualTo(404);
    }

    @Test
    void aBridgeConsumerIsAssignedPartitionsReadsAndCommitsWithoutAGroupRound() {
        createTopic("{\"topic_name\":\"bridge-walk\",\"partitions_count\":1,\"replication_factor\":1}");
        http.post("/topics/bridge-walk", BINARY_RECORDS, "{\"records\":[{\"value\":\"" + base64("one") + "\"},{\"value\":\""
                + base64("two") + "\"},{\"value\":\"" + base64("three") + "\"}]}").ok();

        Http.Answer created = http.post("/consumers/bridge-group", Http.V2, "{\"name\":\"b1\",\"format\":\"binary\","
                + "\"auto.offset.reset\":\"earliest\",\"enable.auto.commit\":false,\"isolation.level\":\"read_committed\","
                + "\"consumer.request.timeout.ms\":200}");
        assertThat(created.ok().get("instance_id").asText()).isEqualTo("b1");
        assertThat(created.header("Warning")).isEqualTo("299 - \"ignored: isolation.level\"");
        String instance = "/consumers/bridge-group/instances/b1";

        assertThat(http.post(instance + "/assignments", Http.V2,
                "{\"partitions\":[{\"topic\":\"bridge-walk\",\"partition\":0}]}").status()).isEqualTo(204);
        assertThat(http.get(instance + "/assignments", Http.V2).ok().toString())
                .isEqualTo("{\"partitions\":[{\"topic\":\"bridge-walk\",\"partition\":0}]}");
        assertThat(readUntil(instance, BINARY_RECORDS, 3)).extracting(r -> decode(r.get("value").asText()))
                .containsExactly("one", "two", "three");

        assertThat(http.post(instance + "/offsets", Http.V2, "").status()).isEqualTo(204);
        JsonNode committed = http.get(instance + "/offsets", Http.V2, "{\"partitions\":[{\"topic\":\"bridge-walk\",\"partition\":0}]}").ok();
        assertThat(committed.get("offsets")).singleElement().satisfies(o -> assertThat(o.get("offset").asLong()).isEqualTo(3));

        Http.Answer subscribeWhileAssigned = http.post(instance + "/subscription", Http.V2, "{\"topics\":[\"bridge-walk\"]}");
        assertThat(subscribeWhileAssigned.status()).isEqualTo(400);
        assertThat(subscribeWhileAssigned.body().get("detail").asText()).contains("exclusive");

        assertThat(http.post(instance + "/positions/beginning", Http.V2,
                "{\"partitions\":[{\"topic\":\"bridge-walk\",\"partition\":0}]}").status()).isEqualTo(204);
        assertThat(readUntil(instance, BINARY_RECORDS, 3)).hasSize(3);
        assertThat(http.delete(instance).status()).isEqualTo(204);
    }

    @Test
    void unknownFieldsAreRefusedNamingThem() {
        Http.Answer refused = http.post("/consumers/strict-group", Http.V2, "{\"name\":\"s1\",\"colour\":\"red\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("error_code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(refused.body().get("detail").asText()).contains("unknown field \"colour\"").contains("fetch.min.bytes");
    }

    private void createTopic(String body) {
        assertThat(http.post("/admin/topics", "application/json", body).status()).isEqualTo(201);
    }

    /** Reads the instance until {@code count} records came back (a subscription's first reads join the group). */
    private List<JsonNode> readUntil(String instance, String accept, int count) {
        List<JsonNode> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            http.get(instance + "/records?timeout=500", accept).ok().forEach(records::add);
            return records.size() >= count;
        });
        assertThat(records).hasSize(count);
        return records;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
