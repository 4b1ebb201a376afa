package io.strata.kafka.quota;

import io.strata.api.quota.ClientQuotas;
import io.strata.api.quota.QuotaKey;
import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.api.RequestGate;
import io.strata.kafka.backend.FileBatches;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.BaseRecords;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Client quotas on the Kafka listener, enforced as Kafka enforces them (KIP-219): the request is
 * served, its bytes are counted against the quota that applies to the connection's user and the
 * request's client id ({@link ClientQuotas#applied}), and when that takes the rate over the quota
 * the answer carries {@code throttle_time_ms} and the connection is muted for that long
 * ({@link ClientSession#muteUntil}); kafka-clients also hold back by themselves.
 *
 * <ul>
 *   <li>Produce counts the bytes of the request's record batches ({@code producer_byte_rate}),
 *       whatever the outcome of each partition.</li>
 *   <li>Fetch counts the record bytes of the response ({@code consumer_byte_rate}). As in Kafka, a
 *       fetch that would take the rate over is answered empty (its bytes taken back, nothing
 *       skipped: the client fetches the same offsets after the throttle), and a throttled client's
 *       fetch answers at most {@link #FETCH_WINDOW_MS} ms' worth of its quota (Kafka: a whole
 *       window's worth; less keeps the rate even over a few seconds).</li>
 * </ul>
 * Other APIs pass untouched to the inner gate (the ACLs), which also decides first: a refused
 * request counts nothing.
 *
 * <p>Thread-safe: the quotas are an immutable snapshot ({@link QuotaCache}), the meters are
 * thread-safe ({@link QuotaMeters}); nothing blocks.
 */
public final class QuotaGate implements RequestGate {

    /** A throttled consumer's fetch answers at most this many ms' worth of its {@code consumer_byte_rate}. */
    public static final long FETCH_WINDOW_MS = 100;

    private final RequestGate inner;
    private final QuotaCache cache;
    private final QuotaMeters meters;
    private final LongSupplier nanoClock;
    private final QuotaObserver observer;

    /** Told of every throttle (for metrics). */
    public interface QuotaObserver {
        QuotaObserver NONE = (quota, throttleMs) -> {
        };

        void throttled(ClientQuotas.Applied quota, long throttleMs);
    }

    public QuotaGate(RequestGate inner, QuotaCache cache, QuotaMeters meters, LongSupplier nanoClock, QuotaObserver observer) {
        this.inner = inner;
        this.cache = cache;
        this.meters = meters;
        this.nanoClock = nanoClock;
        this.observer = observer;
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request, KafkaApiHandler handler) {
        ApiKeys key = request.header().apiKey();
        Optional<String> user = request.session().userName();
        if ((key != ApiKeys.PRODUCE && key != ApiKeys.FETCH) || user.isEmpty()) {
            return inner.handle(request, handler);
        }
        QuotaKey quotaKey = key == ApiKeys.PRODUCE ? QuotaKey.PRODUCER_BYTE_RATE : QuotaKey.CONSUMER_BYTE_RATE;
        // Never wait for the quotas here: a request held for them holds its connection's later
        // requests too (they reach their handlers in order, HandOff), and quotas are a rate, not
        // a permission. So until the first read has answered, requests pass unthrottled (quotas
        // fail open, as they do when the metadata service cannot be read).
        CompletableFuture<ClientQuotas> read = cache.quotas().toCompletableFuture();
        if (!read.isDone() || read.isCompletedExceptionally()) {
            return inner.handle(request, handler);
        }
        ClientQuotas quotas = read.join();
        Optional<ClientQuotas.Applied> quota = quotas.applied(quotaKey, user.get(), request.header().clientId());
        if (quota.isEmpty()) {
            return inner.handle(request, handler);
        }
        if (key == ApiKeys.PRODUCE) {
            long bytes = produceBytes(request.data());
            return inner.handle(request, handler).thenApply(response -> throttleProduce(request, quota.get(), bytes, response));
        }
        FetchRequestData fetch = request.data();
        fetch.setMaxBytes((int) Math.max(1, Math.min(fetch.maxBytes(), quota.get().bytesPerSecond() * FETCH_WINDOW_MS / 1000)));
        return inner.handle(request, handler).thenApply(response -> throttleFetch(request, quota.get(), response));
    }

    private ApiMessage throttleProduce(KafkaRequest request, ClientQuotas.Applied quota, long bytes, ApiMessage response) {
        long throttleMs = meters.record(quota, bytes, nowMs());
        if (throttleMs > 0 && response instanceof ProduceResponseData produce) {
            mute(request, quota, throttleMs);
            produce.setThrottleTimeMs((int) throttleMs);
        }
        return response;
    }

    private ApiMessage throttleFetch(KafkaRequest request, ClientQuotas.Applied quota, ApiMessage response) {
        if (!(response instanceof FetchResponseData fetch)) {
            return response;
        }
        long bytes = fetchBytes(fetch);
        long now = nowMs();
        long throttleMs = meters.record(quota, bytes, now);
        if (throttleMs <= 0) {
            return response;
        }
        meters.unrecord(quota, bytes, now);
        mute(request, quota, throttleMs);
        FileBatches.releaseIn(fetch); // its records are not sent
        return new FetchResponseData().setThrottleTimeMs((int) throttleMs).setErrorCode(fetch.errorCode())
                .setSessionId(fetch.sessionId()).setResponses(List.of());
    }

    private void mute(KafkaRequest request, ClientQuotas.Applied quota, long throttleMs) {
        request.session().muteUntil(nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(throttleMs));
        observer.throttled(quota, throttleMs);
    }

    private long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong());
    }

    static long produceBytes(ProduceRequestData data) {
        long bytes = 0;
        for (ProduceRequestData.TopicProduceData topic : data.topicData()) {
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                bytes += size(partition.records());
            }
        }
        return bytes;
    }

    static long fetchBytes(FetchResponseData data) {
        long bytes = 0;
        for (FetchResponseData.FetchableTopicResponse topic : data.responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                bytes += size(partition.records());
            }
        }
        return bytes;
    }

    private static long size(BaseRecords records) {
        return records == null ? 0 : records.sizeInBytes();
    }
}
