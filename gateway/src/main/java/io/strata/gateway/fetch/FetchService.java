package io.strata.gateway.fetch;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchRecordsResponse;
import io.strata.api.v1.FetchRequest;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.routing.Deadline;
import io.strata.gateway.routing.MetadataCache;
import io.strata.gateway.routing.PartitionRouter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads partitions through their leaders: one long-poll fetch, or a subscription that fetches
 * again from where the last answer ended for as long as the caller listens. Batches pass through
 * as the leader stored them. A consumer's fetches ({@link #consumerFetch}) may be answered by a
 * {@link ReadAhead} started when its previous answer came back full.
 */
@ApplicationScoped
public class FetchService {

    /** How long each long-poll of a subscription waits for new data. */
    private static final int SUBSCRIBE_POLL_MS = 5000;

    @Inject
    PartitionRouter router;
    @Inject
    MetadataCache cache;
    @Inject
    GatewayConfig config;

    private ReadAhead<Uni<FetchRecordsResponse>> readAhead;

    @PostConstruct
    void init() {
        readAhead = new ReadAhead<>(config.readAheadBytes(), config.readAheadMaxAge().toNanos());
    }

    /**
     * A consumer's fetch: as {@link #fetch}, but served by a read-ahead when one for the same
     * position is on its way, and followed by a read-ahead of what comes next when its answer is
     * at least half of {@code maxBytes} (a backlog the consumer is working through). A read-ahead
     * that failed or found nothing yet is replaced by an ordinary fetch.
     */
    public Uni<FetchRecordsResponse> consumerFetch(String topic, int partition, long offset, int maxBytes, long maxWaitMs) {
        return Uni.createFrom().deferred(() -> {
            int bytes = maxBytes == 0 ? config.fetchMaxBytes() : maxBytes;
            ReadAhead.Key key = new ReadAhead.Key(topic, partition, offset, bytes);
            Uni<FetchRecordsResponse> ahead = readAhead.take(key, System.nanoTime());
            Uni<FetchRecordsResponse> answer = ahead == null ? fetch(topic, partition, offset, bytes, maxWaitMs)
                    : ahead.onFailure().recoverWithItem((FetchRecordsResponse) null)
                    .chain(found -> found == null || found.getRecords().isEmpty()
                            ? fetch(topic, partition, offset, bytes, maxWaitMs) : Uni.createFrom().item(found));
            return answer.invoke(response -> maybeReadAhead(key, response));
        });
    }

    private void maybeReadAhead(ReadAhead.Key asked, FetchRecordsResponse answer) {
        if (answer.getRecords().size() < asked.maxBytes() / 2 || answer.getNextOffset() <= asked.offset()) {
            return;
        }
        ReadAhead.Key next = new ReadAhead.Key(asked.topic(), asked.partition(), answer.getNextOffset(), asked.maxBytes());
        long now = System.nanoTime();
        if (!readAhead.reserve(next, now)) {
            return;
        }
        Uni<FetchRecordsResponse> pending = fetch(next.topic(), next.partition(), next.offset(), next.maxBytes(), 0)
                .memoize().indefinitely();
        readAhead.put(next, pending, now);
        pending.subscribe().with(started -> { }, failed -> { }); // starts it; a failure is met by the fetch that takes it
    }

    /**
     * One fetch from {@code offset}, waiting up to {@code maxWaitMs} (capped at max-fetch-wait) for
     * data. The partition is checked against the cache first, so an out-of-range partition is a
     * clear UNKNOWN_TOPIC_OR_PARTITION, and a negative offset an INVALID_REQUEST.
     */
    public Uni<FetchRecordsResponse> fetch(String topic, int partition, long offset, int maxBytes, long maxWaitMs) {
        return Uni.createFrom().deferred(() -> fetchChecked(topic, partition, offset, maxBytes, maxWaitMs));
    }

    private Uni<FetchRecordsResponse> fetchChecked(String topic, int partition, long offset, int maxBytes, long maxWaitMs) {
        if (offset < 0) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "offset must be 0 or more, got " + offset);
        }
        if (maxBytes < 0 || maxWaitMs < 0) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "max_bytes and max_wait_ms must be 0 or more, got "
                    + maxBytes + " and " + maxWaitMs);
        }
        cache.current().partition(topic, partition);
        int waitMs = (int) Math.min(maxWaitMs, config.maxFetchWait().toMillis());
        int bytes = maxBytes == 0 ? config.fetchMaxBytes() : maxBytes;
        Deadline deadline = Deadline.afterMs(waitMs + config.requestTimeout().toMillis());
        FetchRequest request = FetchRequest.newBuilder().setTopic(topic).setPartition(partition).setOffset(offset)
                .setMaxBytes(bytes).setMaxWaitMs(waitMs).setMinBytes(1).build();
        return router.call(topic, partition, deadline, stub -> stub.fetch(request))
                .map(response -> FetchRecordsResponse.newBuilder().setTopic(topic).setPartition(partition)
                        .setRecords(response.getRecords()).setHighWatermark(response.getHighWatermark())
                        .setLogStartOffset(response.getLogStartOffset())
                        .setNextOffset(RecordDecoder.nextOffset(response.getRecords().asReadOnlyByteBuffer(), offset))
                        .build());
    }

    /** Every batch from {@code offset} on, as it arrives; ends only with a failure or the caller's cancel. */
    public Multi<FetchRecordsResponse> subscribe(String topic, int partition, long offset, int maxBytes) {
        AtomicLong next = new AtomicLong(offset);
        return Multi.createBy().repeating()
                .uni(() -> fetch(topic, partition, next.get(), maxBytes, SUBSCRIBE_POLL_MS)
                        .invoke(response -> next.set(response.getNextOffset())))
                .indefinitely()
                .filter(response -> !response.getRecords().isEmpty());
    }
}
