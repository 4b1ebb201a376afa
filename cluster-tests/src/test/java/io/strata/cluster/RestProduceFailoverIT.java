package io.strata.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.error.ErrorStatus;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.PartitionDescription;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGKILL of a partition's leader while REST clients write {@code acks=all} to it (RF 3,
 * {@code min.insync.replicas=2}): every acknowledged record is stored exactly once, at the offset
 * its acknowledgement named, and the partition's offsets are dense.
 *
 * <p>What "exactly once" can promise: the gateway retries an append whose connection broke on its
 * own, and that retry must never write the records a second time (it is the same write). A client
 * that gets an error back and sends its records again makes a NEW write, which may well land beside
 * an earlier attempt that was in fact appended. So each client stamps every record value with its
 * attempt number ({@code c<client>-r<request>-i<index>-a<attempt>}): no stamped value may be stored
 * twice (that would be the gateway writing one attempt twice), and every acknowledged attempt is
 * stored once, at its acknowledged offset. Earlier attempts of an acknowledged request that were
 * stored as well are counted and printed, not failed: they are the client's resends.
 *
 * <p>Runs {@code -Drest.failover.runs} rounds (default 2) on one cluster, each on a fresh topic,
 * the killed node restarted in between. {@code -Drest.failover.idempotent=false} turns the
 * gateway's idempotent produce off, to see the duplicates it prevents.
 */
class RestProduceFailoverIT extends ClusterTest {

    private static final int CLIENTS = 4;
    private static final int RECORDS_PER_REQUEST = 10;

    private MetadataServiceGrpc.MetadataServiceBlockingStub metadata;

    @Test
    void everyAcknowledgedRestRecordIsStoredExactlyOnceAcrossALeaderKill() throws Exception {
        cluster = new TestCluster(dataDir).withProperty("partition-node", "strata.node.replica-lag-time-max", "3s")
                .withProperty("gateway", "strata.gateway.idempotent-produce", System.getProperty("rest.failover.idempotent", "true"))
                .startCore().start("gateway");
        metadata = MetadataServiceGrpc.newBlockingStub(cluster.channel("metadata-service"));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getController().getNodeId() > 0);
        int runs = Integer.getInteger("rest.failover.runs", 2);
        int clean = 0;
        List<String> unclean = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            String problem = round("rest-failover-" + run);
            System.out.printf("REST produce failover run %d of %d: %s%n", run, runs, problem == null ? "clean" : "UNCLEAN: " + problem);
            if (problem == null) {
                clean++;
            } else {
                unclean.add("run " + run + ": " + problem);
            }
        }
        System.out.printf("REST produce failover: %d runs, %d clean, %d unclean%n", runs, clean, unclean.size());
        unclean.forEach(System.out::println);
        assertThat(unclean).as("runs in which an acknowledged record was not stored exactly once").isEmpty();
    }

    /** One round on a fresh topic; null when clean, else what was wrong. */
    private String round(String topic) throws Exception {
        metadata.createTopic(CreateTopicRequest.newBuilder().setName(topic).setPartitions(1).setReplicationFactor(3)
                .putConfigs("min.insync.replicas", "2").build());
        await().atMost(Duration.ofSeconds(60)).until(() -> partition(topic).getIsrCount() == 3 && partition(topic).getLeader() > 0);
        RestCalls rest = new RestCalls(cluster.httpUrl("gateway"));
        await().atMost(Duration.ofSeconds(60)).until(() -> rest.post("/topics/" + topic + "/partitions/0",
                "application/vnd.kafka.json.v2+json", "{\"records\":[{\"value\":\"warm-up\"}]}").status() == 200);

        AtomicBoolean stop = new AtomicBoolean();
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger resends = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread thread = new Thread(() -> write(rest, topic, client, stop, acknowledged, resends), topic + "-client-" + c);
            thread.start();
            clients.add(thread);
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= 500);
        int leader = partition(topic).getLeader();
        cluster.process("partition-node-" + leader).kill();
        int atKill = acknowledged.size();
        await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= atKill + 500);
        stop.set(true);
        for (Thread thread : clients) {
            thread.join(TimeUnit.SECONDS.toMillis(90));
        }

        Map<Long, String> stored = readAll(topic);
        cluster.restart("partition-node-" + leader);
        await().atMost(Duration.ofSeconds(90)).until(() -> partition(topic).getIsrCount() == 3);
        return check(stored, acknowledged, resends.get(), leader);
    }

    private static String check(Map<Long, String> stored, Map<String, Long> acknowledged, int resends, int killed) {
        List<String> problems = new ArrayList<>();
        List<Long> offsets = new ArrayList<>(stored.keySet());
        if (!offsets.equals(java.util.stream.LongStream.range(0, offsets.size()).boxed().toList())) {
            problems.add("offsets not dense from 0");
        }
        Map<String, List<Long>> where = new HashMap<>();
        stored.forEach((offset, value) -> where.computeIfAbsent(value, v -> new ArrayList<>()).add(offset));
        long storedTwice = where.values().stream().filter(at -> at.size() > 1).count();
        if (storedTwice > 0) {
            problems.add(storedTwice + " record attempts stored twice, e.g. " + where.entrySet().stream()
                    .filter(e -> e.getValue().size() > 1).limit(3).map(e -> e.getKey() + " at " + e.getValue()).toList());
        }
        long misplaced = acknowledged.entrySet().stream()
                .filter(e -> !List.of(e.getValue()).equals(where.get(e.getKey()))).count();
        if (misplaced > 0) {
            problems.add(misplaced + " acknowledged records not stored exactly once at their acknowledged offset");
        }
        Map<String, java.util.Set<String>> attempts = new HashMap<>();
        where.keySet().stream().filter(value -> value.contains("-a")).forEach(value ->
                attempts.computeIfAbsent(value.substring(0, value.lastIndexOf("-a")), r -> new java.util.HashSet<>()).add(value));
        long resentTwice = attempts.values().stream().filter(stamped -> stamped.size() > 1).count();
        System.out.printf("killed leader %d: %d acknowledged, %d stored, %d client resends, %d records stored by two "
                + "client attempts (the client's own new writes)%n", killed, acknowledged.size(), stored.size(), resends, resentTwice);
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /**
     * One client: requests of ten records, each resent (with the next attempt number) while the
     * answer is a retriable error; any other error fails the round.
     */
    private static void write(RestCalls rest, String topic, int client, AtomicBoolean stop, Map<String, Long> acknowledged,
                              AtomicInteger resends) {
        for (int request = 0; !stop.get(); request++) {
            for (int attempt = 1; ; attempt++) {
                List<String> values = new ArrayList<>();
                StringBuilder body = new StringBuilder("{\"records\":[");
                for (int i = 0; i < RECORDS_PER_REQUEST; i++) {
                    String value = "c" + client + "-r" + request + "-i" + i + "-a" + attempt;
                    values.add(value);
                    body.append(i == 0 ? "" : ",").append("{\"value\":\"").append(value).append("\"}");
                }
                RestCalls.Answer answer;
                try {
                    answer = rest.post("/topics/" + topic + "/partitions/0?acks=all",
                            "application/vnd.kafka.json.v2+json", body.append("]}").toString());
                } catch (RuntimeException e) {
                    resends.incrementAndGet();
                    continue;
                }
                if (answer.status() == 200) {
                    JsonNode offsets = answer.body().get("offsets");
                    for (int i = 0; i < RECORDS_PER_REQUEST; i++) {
                        acknowledged.put("\"" + values.get(i) + "\"", offsets.get(i).get("offset").asLong());
                    }
                    break;
                }
                ErrorCode code = ErrorCode.valueOf(answer.body().get("error_code").asText());
                if (!ErrorStatus.of(code).retriable()) {
                    throw new AssertionError("a non-retriable answer: HTTP " + answer.status() + " " + answer.text());
                }
                resends.incrementAndGet();
            }
        }
    }

    private PartitionDescription partition(String topic) {
        return metadata.describeTopics(DescribeTopicsRequest.newBuilder().addNames(topic).build()).getTopics(0).getPartitions(0);
    }

    /** Every record of the topic's partition, read from whichever node leads when asked. */
    private Map<Long, String> readAll(String topic) {
        return await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> StoredRecords.read(cluster.channel("partition-node-" + partition(topic).getLeader()), topic, 0), Objects::nonNull);
    }

}
