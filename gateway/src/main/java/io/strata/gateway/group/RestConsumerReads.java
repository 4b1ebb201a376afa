package io.strata.gateway.group;

import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.v1.ConsumerInstance;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchRecordsResponse;
import io.strata.gateway.fetch.FetchService;
import io.strata.gateway.fetch.FetchedRecord;
import io.strata.gateway.fetch.RecordDecoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A REST consumer's read: one membership round ({@link RestConsumers#reconcile}), then a fetch of
 * every owned partition from its position, and the positions moved past what is returned (and
 * only that: records cut by {@code max_bytes} are read again next time).
 *
 * <p>The fetches first ask without waiting; only when no partition has anything do they wait up
 * to the read's timeout, so a read with data answers at once.
 */
@ApplicationScoped
public class RestConsumerReads {

    @Inject
    RestConsumers consumers;
    @Inject
    FetchService fetch;
    @Inject
    io.strata.gateway.config.GatewayConfig config;

    /** The instance (as stored after the read) and the records read. */
    public record Read(ConsumerInstance instance, List<PartitionRecords> records) {
    }

    /**
     * Reads for the instance, waiting up to {@code timeoutMs} when nothing is there; null means the
     * instance's {@code consumer.request.timeout.ms}, else {@code consumer-request-timeout}
     * (either capped at {@code max-fetch-wait}).
     */
    public Uni<Read> read(String group, String name, Long timeoutMs, int maxBytes, int maxRecords) {
        return consumers.get(group, name)
                .chain(consumers::reconcile)
                .chain(instance -> {
                    long waitMs = timeoutMs != null ? timeoutMs : defaultTimeoutMs(instance);
                    return fetchAll(instance, 0, maxBytes, maxRecords)
                            .chain(read -> read.records().isEmpty() && waitMs > 0
                                    ? fetchAll(read.instance(), waitMs, maxBytes, maxRecords) : Uni.createFrom().item(read));
                });
    }

    private long defaultTimeoutMs(ConsumerInstance instance) {
        String own = RestConsumers.setting(instance, "consumer.request.timeout.ms");
        long timeout = own == null ? config.consumerRequestTimeout().toMillis() : Long.parseLong(own);
        return Math.min(timeout, config.maxFetchWait().toMillis());
    }

    private Uni<Read> fetchAll(ConsumerInstance instance, long waitMs, int maxBytes, int maxRecords) {
        ConsumerPositions positions = ConsumerPositions.of(instance.getPositionsList());
        if (positions.offsets().isEmpty()) {
            return Uni.createFrom().item(new Read(instance, List.of()));
        }
        List<Uni<Fetched>> fetches = new ArrayList<>();
        positions.offsets().forEach((tp, offset) -> fetches.add(fetchOne(instance, tp, offset, waitMs, maxBytes)));
        return Uni.join().all(fetches).andFailFast().chain(fetched -> {
            Map<TopicPartition, Long> moved = new HashMap<>();
            List<PartitionRecords> records = take(fetched, maxBytes, maxRecords, moved);
            if (moved.isEmpty()) {
                return Uni.createFrom().item(new Read(instance, records));
            }
            return consumers.storePositions(instance, positions.with(moved)).map(stored -> new Read(stored, records));
        });
    }

    /** One partition's fetch, or its new starting point when its position fell out of the log. */
    private record Fetched(TopicPartition partition, long offset, FetchRecordsResponse response, Long resetTo) {
    }

    private Uni<Fetched> fetchOne(ConsumerInstance instance, TopicPartition tp, long offset, long waitMs, int maxBytes) {
        return fetch.fetch(tp.topic(), tp.partition(), offset, maxBytes, waitMs)
                .map(response -> new Fetched(tp, offset, response, null))
                .onFailure(f -> GrpcErrors.asStrataException(f).code() == ErrorCode.OFFSET_OUT_OF_RANGE)
                .recoverWithUni(() -> consumers.resetOffsets(instance, List.of(tp))
                        .map(reset -> new Fetched(tp, offset, null, reset.get(tp))));
    }

    private List<PartitionRecords> take(List<Fetched> fetched, int maxBytes, int maxRecords, Map<TopicPartition, Long> moved) {
        List<PartitionRecords> taken = new ArrayList<>();
        long bytes = 0;
        int count = 0;
        for (Fetched f : fetched) {
            if (f.resetTo() != null) {
                moved.put(f.partition(), f.resetTo());
                continue;
            }
            List<FetchedRecord> decoded = RecordDecoder.decode(f.response().getRecords().asReadOnlyByteBuffer(), f.offset(),
                    f.response().getHighWatermark(), maxRecords - count, config.restReadMaxDecodedBytes());
            List<FetchedRecord> mine = new ArrayList<>();
            for (FetchedRecord record : decoded) {
                long size = length(record.key()) + length(record.value());
                if (count > 0 && bytes + size > maxBytes) {
                    break;
                }
                mine.add(record);
                bytes += size;
                count++;
            }
            if (!mine.isEmpty()) {
                taken.add(new PartitionRecords(f.partition(), mine));
                moved.put(f.partition(), mine.get(mine.size() - 1).offset() + 1);
            }
            if (count >= maxRecords) {
                break;
            }
        }
        return taken;
    }

    private static long length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
