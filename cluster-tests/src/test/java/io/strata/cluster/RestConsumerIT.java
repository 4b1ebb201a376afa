package io.strata.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * REST consumer instances (Kafka REST Proxy v2 shape) and group admin through a real gateway, with
 * a real group coordinator, metadata service and three partition nodes: instances share a topic
 * and hand partitions over at committed offsets, an instance survives a gateway restart, the
 * admin API's lag is log end minus committed, and a reset to a timestamp starts at the first
 * record at or after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestConsumerIT {

    private static final String BINARY = "application/vnd.kafka.binary.v2+json";
    private static final String JSON_RECORDS = "application/vnd.kafka.json.v2+json";

    private TestCluster cluster;
    private RestCalls rest;

    @BeforeAll
    void startCluster(@TempDir Path dataDir) throws IOException {
        cluster = new TestCluster(dataDir).startCore().start("group-coordinator").start("gateway");
        rest = new RestCalls(cluster.httpUrl("gateway"));
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void twoInstancesShareATopicAndTheSurvivorTakesOverFromTheCommittedOffsets() {
        createTopic("shared", 4);
        produce("shared", 4, 0, 100);
        createInstance("g-share", "c1", "earliest");
        createInstance("g-share", "c2", "earliest");
        subscribe("g-share", "c1", "shared");
        subscribe("g-share", "c2", "shared");

        Map<Integer, String> readBy = new HashMap<>();
        readUntil(readBy, 400, "g-share", "c1", "c2");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            readUntil(readBy, 400, "g-share", "c1", "c2");
            return assignment("g-share", "c1").size() == 2 && assignment("g-share", "c2").size() == 2;
        });
        assertThat(assignment("g-share", "c1")).as("c1 and c2 split the partitions")
                .doesNotContainAnyElementsOf(assignment("g-share", "c2"));

        produce("shared", 4, 100, 100);
        readUntil(readBy, 800, "g-share", "c1", "c2");
        rest.delete("/consumers/g-share/instances/c2").ok();
        produce("shared", 4, 200, 100);
        Map<Integer, String> afterDelete = new HashMap<>();
        readUntil(afterDelete, 400, "g-share", "c1");

        assertThat(afterDelete.keySet()).as("c1 reads every record produced after c2 left, each once").hasSize(400)
                .allMatch(seq -> seq % 1000 >= 200);
        assertThat(assignment("g-share", "c1")).hasSize(4);
    }

    @Test
    void anInstanceKeepsItsPositionAcrossAGatewayRestart() throws IOException {
        createTopic("restart", 1);
        produce("restart", 1, 0, 100);
        createInstance("g-restart", "c", "earliest");
        subscribe("g-restart", "c", "restart");
        List<Long> offsets = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            poll("g-restart", "c", 50).forEach(r -> offsets.add(r.get("offset").longValue()));
            return offsets.size() >= 50;
        });
        assertThat(offsets).hasSize(50);

        cluster.process("gateway").kill();
        cluster.restart("gateway");

        List<Long> after = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            poll("g-restart", "c", 100).forEach(r -> after.add(r.get("offset").longValue()));
            return after.size() >= 50;
        });
        assertThat(after.get(0)).as("the first offset read after the restart").isEqualTo(50);
        assertThat(after).hasSize(50);
    }

    @Test
    void adminLagIsLogEndMinusCommittedAndResetToATimestampStartsAtTheFirstLaterRecord() {
        createTopic("lagging", 2);
        produce("lagging", 2, 0, 30);
        long before = System.currentTimeMillis();
        await().until(() -> System.currentTimeMillis() > before);
        produce("lagging", 2, 30, 20);
        createInstance("g-lag", "c", "earliest");
        subscribe("g-lag", "c", "lagging");
        await().atMost(Duration.ofSeconds(60)).until(() -> assignment("g-lag", "c").size() == 2 || !poll("g-lag", "c", 1).isEmpty());
        rest.post("/consumers/g-lag/instances/c/offsets", "{\"offsets\":[{\"topic\":\"lagging\",\"partition\":0,\"offset\":7},"
                + "{\"topic\":\"lagging\",\"partition\":1,\"offset\":41,\"metadata\":\"m\"}]}").ok();

        JsonNode group = rest.get("/admin/groups/g-lag").ok();
        Map<Integer, JsonNode> lag = byPartition(group.get("offsets"));
        assertThat(lag.get(0).get("committed_offset").longValue()).isEqualTo(7);
        assertThat(lag.get(0).get("log_end_offset").longValue()).isEqualTo(50);
        assertThat(lag.get(0).get("lag").longValue()).isEqualTo(43);
        assertThat(lag.get(1).get("lag").longValue()).isEqualTo(50 - 41);
        RestCalls.Answer refused = rest.post("/admin/groups/g-lag/offsets/reset",
                "{\"to\":\"earliest\",\"topics\":[{\"topic\":\"lagging\"}]}");
        assertThat(refused.status()).as("a reset while the group has members: " + refused.text()).isEqualTo(409);
        assertThat(refused.body().get("error_code").textValue()).as(refused.text()).isEqualTo("GROUP_NOT_EMPTY");

        rest.delete("/consumers/g-lag/instances/c").ok();
        JsonNode reset = rest.post("/admin/groups/g-lag/offsets/reset", "{\"to\":\"timestamp\",\"timestamp\":" + (before + 1)
                + ",\"topics\":[{\"topic\":\"lagging\"}]}").ok();
        assertThat(reset.get("offsets")).allSatisfy(o -> assertThat(o.get("offset").longValue()).isEqualTo(30));
        createInstance("g-lag", "d", "latest");
        subscribe("g-lag", "d", "lagging");
        List<JsonNode> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            records.addAll(poll("g-lag", "d", 100));
            return records.size() >= 40;
        });
        assertThat(records).hasSize(40).allSatisfy(r -> assertThat(r.get("offset").longValue()).isGreaterThanOrEqualTo(30));
    }

    /** Polls the instances in turn, committing after each read, until {@code total} distinct records were read. */
    private void readUntil(Map<Integer, String> readBy, int total, String group, String... instances) {
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            for (String instance : instances) {
                for (JsonNode record : poll(group, instance, 1000)) {
                    int seq = seq(record);
                    String earlier = readBy.put(seq, instance);
                    assertThat(earlier).as("record %d was delivered twice (to %s, then %s) across clean hand-overs",
                            seq, earlier, instance).isNull();
                }
                rest.post("/consumers/" + group + "/instances/" + instance + "/offsets", "").ok();
            }
            return readBy.size() >= total;
        });
        assertThat(readBy).hasSize(total);
    }

    private List<JsonNode> poll(String group, String instance, int maxRecords) {
        JsonNode records = rest.get("/consumers/" + group + "/instances/" + instance + "/records?timeout=200&max_records=" + maxRecords,
                JSON_RECORDS).ok();
        List<JsonNode> list = new ArrayList<>();
        records.forEach(list::add);
        return list;
    }

    private Set<String> assignment(String group, String instance) {
        Set<String> partitions = new HashSet<>();
        rest.get("/consumers/" + group + "/instances/" + instance + "/assignments").ok().get("partitions")
                .forEach(p -> partitions.add(p.get("topic").textValue() + "-" + p.get("partition").intValue()));
        return partitions;
    }

    private void createTopic(String name, int partitions) {
        assertThat(rest.post("/admin/topics", "{\"name\":\"" + name + "\",\"partitions\":" + partitions
                + ",\"replication_factor\":3}").status()).isEqualTo(201);
    }

    /** {@code count} records to each partition, valued {"seq": partition * 1000 + from + i}. */
    private void produce(String topic, int partitions, int from, int count) {
        for (int p = 0; p < partitions; p++) {
            StringBuilder records = new StringBuilder();
            for (int i = 0; i < count; i++) {
                records.append(i == 0 ? "" : ",").append("{\"value\":{\"seq\":").append(p * 1000 + from + i).append("}}");
            }
            rest.post("/topics/" + topic + "/partitions/" + p, JSON_RECORDS, "{\"records\":[" + records + "]}").ok();
        }
    }

    private void createInstance(String group, String name, String reset) {
        rest.post("/consumers/" + group, "{\"name\":\"" + name + "\",\"format\":\"json\",\"auto.offset.reset\":\"" + reset + "\"}").ok();
    }

    private void subscribe(String group, String name, String topic) {
        rest.post("/consumers/" + group + "/instances/" + name + "/subscription", "{\"topics\":[\"" + topic + "\"]}").ok();
    }

    private static int seq(JsonNode record) {
        return record.get("value").get("seq").intValue();
    }

    private static Map<Integer, JsonNode> byPartition(JsonNode offsets) {
        Map<Integer, JsonNode> map = new HashMap<>();
        offsets.forEach(o -> map.put(o.get("partition").intValue(), o));
        return map;
    }
}
