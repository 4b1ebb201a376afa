package io.strata.deploy.cli.consume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.deploy.cli.format.Progress;
import io.strata.deploy.cli.gateway.GatewayClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a topic as a member of a consumer group, through a REST consumer instance of the gateway
 * (created here, deleted on the way out, also on Ctrl-C): the group decides the partitions and the
 * start (its committed offsets, else {@code auto.offset.reset} from {@code --offset beginning|end}).
 * After every read, the offsets of the records printed are committed, so a {@code --count} limit
 * never commits a record that was not shown. The end ({@code -e}) is reached when the instance owns
 * partitions and every one of them is at the high watermark seen when reading began, or when
 * {@link #EMPTY_READS_AT_END} reads in a row found nothing while owning partitions.
 * Confined to the caller's thread (plus the shutdown hook that deletes the instance).
 */
final class GroupReader {

    /** How long one read waits for records (the instance's {@code timeout}). */
    static final Duration READ_WAIT = Duration.ofSeconds(1);
    /** Empty reads in a row, with partitions owned, that count as the end for {@code -e}. */
    static final int EMPTY_READS_AT_END = 2;

    private final GatewayClient gateway;
    private final String group;
    private final String topic;
    private final Map<Integer, Long> end;

    GroupReader(GatewayClient gateway, String group, String topic, Map<Integer, Long> end) {
        this.gateway = gateway;
        this.group = group;
        this.topic = topic;
        this.end = Map.copyOf(end);
    }

    void run(RecordSink sink, boolean exitAtEnd, boolean fromBeginning, Progress progress) {
        String base = "consumers/" + GatewayClient.segment(group);
        ObjectNode create = GatewayClient.mapper().createObjectNode()
                .put("name", "strata-cli-" + UUID.randomUUID().toString().substring(0, 8)).put("format", "binary")
                .put("auto.offset.reset", fromBeginning ? "earliest" : "latest").put("auto.commit.enable", "false");
        String instance = base + "/instances/" + GatewayClient.segment(
                gateway.post(base, GatewayClient.JSON, create).path("instance_id").asText());
        Thread cleanup = new Thread(() -> leave(instance), "strata-consume-leave");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            ObjectNode subscription = GatewayClient.mapper().createObjectNode();
            subscription.putArray("topics").add(topic);
            gateway.post(instance + "/subscription", GatewayClient.JSON, subscription);
            read(instance, sink, exitAtEnd, progress);
        } finally {
            Runtime.getRuntime().removeShutdownHook(cleanup);
            leave(instance);
        }
    }

    private void read(String instance, RecordSink sink, boolean exitAtEnd, Progress progress) {
        Map<Integer, Long> position = new HashMap<>();
        int emptyReads = 0;
        while (!sink.full()) {
            JsonNode records = gateway.get(instance + "/records?timeout=" + READ_WAIT.toMillis()
                    + "&max_records=" + PartitionReader.MAX_RECORDS_PER_READ, GatewayClient.BINARY_V2, READ_WAIT);
            Map<Integer, Long> printed = new HashMap<>();
            for (JsonNode json : records) {
                ConsumedRecord record = RecordSink.decode(json);
                if (!sink.accept(record)) {
                    break;
                }
                printed.put(record.partition(), record.offset() + 1);
            }
            sink.flush();
            commit(instance, printed);
            position.putAll(printed);
            progress.maybeReport(sink.count());
            emptyReads = records.isEmpty() ? emptyReads + 1 : 0;
            if (exitAtEnd && atEnd(instance, position, emptyReads)) {
                return;
            }
        }
    }

    private boolean atEnd(String instance, Map<Integer, Long> position, int emptyReads) {
        JsonNode owned = gateway.get(instance + "/assignments").path("partitions");
        if (owned.isEmpty()) {
            return false;
        }
        if (emptyReads >= EMPTY_READS_AT_END) {
            return true;
        }
        for (JsonNode p : owned) {
            int partition = p.path("partition").asInt();
            long endOffset = end.getOrDefault(partition, 0L);
            if (endOffset > 0 && position.getOrDefault(partition, -1L) < endOffset) {
                return false;
            }
        }
        return true;
    }

    private void commit(String instance, Map<Integer, Long> printed) {
        if (printed.isEmpty()) {
            return;
        }
        ObjectNode body = GatewayClient.mapper().createObjectNode();
        ArrayNode offsets = body.putArray("offsets");
        printed.forEach((partition, offset) -> offsets.addObject().put("topic", topic).put("partition", partition)
                .put("offset", offset));
        gateway.post(instance + "/offsets", GatewayClient.JSON, body);
    }

    private void leave(String instance) {
        try {
            gateway.delete(instance);
        } catch (RuntimeException alreadyGone) {
            // deleted by the other path (normal exit or shutdown hook), or the gateway is gone: the
            // coordinator drops an idle instance by itself
        }
    }
}
