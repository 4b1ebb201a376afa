package io.strata.deploy.cli.consume;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.deploy.cli.format.Progress;
import io.strata.deploy.cli.gateway.GatewayClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a topic's partitions without a group ({@code GET /topics/{t}/partitions/{p}/records}), each
 * from its own start offset, round-robin, {@link #MAX_RECORDS_PER_READ} records per read. The end
 * ({@code -e}) is each partition's high watermark when reading began. Starting at a time scans each
 * partition from its log start and skips records older than the time, up to the first that is not:
 * the same offset Kafka's offsets-for-times gives, found by reading (the gateway has no lookup by
 * time for a partition read outside a consumer instance). Confined to the caller's thread.
 */
final class PartitionReader {

    /** Records asked for per read (the gateway's {@code max-records} default is 10000). */
    static final int MAX_RECORDS_PER_READ = 5000;
    /** Longest wait for new data when following (no {@code -e}) and the last round found nothing. */
    static final Duration FOLLOW_WAIT = Duration.ofSeconds(1);

    private final GatewayClient gateway;
    private final String topic;
    private final Map<Integer, Long> next = new LinkedHashMap<>();
    private final Map<Integer, Long> end = new LinkedHashMap<>();
    private final Long fromTimeMs;

    PartitionReader(GatewayClient gateway, String topic, Map<Integer, Long> start, Map<Integer, Long> end, Long fromTimeMs) {
        this.gateway = gateway;
        this.topic = topic;
        this.next.putAll(start);
        this.end.putAll(end);
        this.fromTimeMs = fromTimeMs;
    }

    /** Reads until the end ({@code exitAtEnd}), the sink is full, or forever. */
    void run(RecordSink sink, boolean exitAtEnd, Progress progress) {
        Map<Integer, Boolean> started = new LinkedHashMap<>();
        boolean idle = false;
        while (!sink.full()) {
            if (exitAtEnd && next.entrySet().stream().allMatch(e -> e.getValue() >= end.get(e.getKey()))) {
                return;
            }
            boolean any = false;
            for (Map.Entry<Integer, Long> position : next.entrySet()) {
                int partition = position.getKey();
                if (sink.full() || exitAtEnd && position.getValue() >= end.get(partition)) {
                    continue;
                }
                Duration wait = idle && !exitAtEnd ? FOLLOW_WAIT.dividedBy(next.size()) : Duration.ZERO;
                JsonNode records = gateway.get("topics/" + GatewayClient.segment(topic) + "/partitions/" + partition
                        + "/records?offset=" + position.getValue() + "&max_records=" + MAX_RECORDS_PER_READ
                        + "&timeout_ms=" + wait.toMillis(), GatewayClient.BINARY_V2, wait);
                for (JsonNode json : records) {
                    ConsumedRecord record = RecordSink.decode(json);
                    position.setValue(record.offset() + 1);
                    any = true;
                    if (fromTimeMs != null && !started.getOrDefault(partition, false)) {
                        if (record.timestamp() < fromTimeMs) {
                            continue;
                        }
                        started.put(partition, true);
                    }
                    if (!sink.accept(record)) {
                        break;
                    }
                }
                if (records.isEmpty() && exitAtEnd) {
                    // Nothing readable below the end (e.g. compacted away): this partition is done.
                    position.setValue(end.get(partition));
                }
            }
            idle = !any;
            sink.flush();
            progress.maybeReport(sink.count());
        }
    }
}
