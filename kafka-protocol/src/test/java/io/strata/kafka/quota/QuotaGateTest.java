package io.strata.kafka.quota;

import io.strata.api.quota.ClientQuota;
import io.strata.api.quota.EntityPart;
import io.strata.api.quota.QuotaEntity;
import io.strata.api.quota.QuotaKey;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.api.RequestGate;
import io.strata.kafka.testing.Requests;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaGateTest {

    private static final long QUOTA = 10_000;
    /** A fetch answer of a whole second's quota: over it, after the first answer. */
    private static final int QUOTA_BYTES_OVER = (int) QUOTA;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private volatile MemoryRecords fetched = MemoryRecords.EMPTY;
    private volatile int fetchMaxBytesSeen;

    private QuotaGate gate(QuotaKey key) {
        ClientQuota quota = new ClientQuota(new QuotaEntity(null, EntityPart.named("unit-test")), key, QUOTA);
        QuotaCache cache = new QuotaCache(() -> CompletableFuture.completedFuture(List.of(quota)), Duration.ofHours(1), nanos::get);
        return new QuotaGate(RequestGate.OPEN, cache, new QuotaMeters(11, 1000, 100), nanos::get, QuotaGate.QuotaObserver.NONE);
    }

    /** Answers a Produce with an empty response and a Fetch with {@link #fetched}. */
    private final KafkaApiHandler backend = new KafkaApiHandler() {
        public ApiKeys apiKey() {
            return ApiKeys.PRODUCE;
        }

        public short minVersion() {
            return 0;
        }

        public short maxVersion() {
            return 0;
        }

        public CompletionStage<ApiMessage> handle(KafkaRequest request) {
            if (request.header().apiKey() == ApiKeys.FETCH) {
                fetchMaxBytesSeen = ((FetchRequestData) request.data()).maxBytes();
                return CompletableFuture.completedFuture(new FetchResponseData().setResponses(List.of(
                        new FetchResponseData.FetchableTopicResponse().setTopic("t").setPartitions(List.of(
                                new FetchResponseData.PartitionData().setPartitionIndex(0).setRecords(fetched))))));
            }
            return CompletableFuture.completedFuture(new ProduceResponseData());
        }
    };

    private static MemoryRecords records(int valueBytes) {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(new byte[valueBytes]));
    }

    private KafkaRequest produce(int valueBytes) {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000).setTopicData(
                new ProduceRequestData.TopicProduceDataCollection(List.of(new ProduceRequestData.TopicProduceData().setName("t")
                        .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0)
                                .setRecords(records(valueBytes))))).iterator()));
        return Requests.of(ProduceRequest.builder(data).build((short) 9));
    }

    private static KafkaRequest fetch() {
        FetchRequestData data = new FetchRequestData().setReplicaId(-1).setMaxBytes(50 << 20).setTopics(List.of(
                new FetchRequestData.FetchTopic().setTopic("t").setTopicId(Uuid.ZERO_UUID).setPartitions(List.of(
                        new FetchRequestData.FetchPartition().setPartition(0).setPartitionMaxBytes(1 << 20)))));
        return Requests.of(new FetchRequest(data, (short) 12));
    }

    /**
     * The order of a connection's requests: while the first read of the quotas is in flight, a
     * Produce is handed to the backend at once, on the caller's thread, not later on the thread
     * that finishes the read (where it would race the connection's next Produce and could be
     * appended after it: KcatIT saw a key's records out of order).
     */
    @Test
    void aRequestIsHandedOnAtOnceWhileTheFirstReadOfTheQuotasIsInFlight() {
        CompletableFuture<List<ClientQuota>> firstRead = new CompletableFuture<>();
        QuotaCache cache = new QuotaCache(() -> firstRead, Duration.ofHours(1), nanos::get);
        QuotaGate gate = new QuotaGate(RequestGate.OPEN, cache, new QuotaMeters(11, 1000, 100), nanos::get,
                QuotaGate.QuotaObserver.NONE);

        CompletionStage<ApiMessage> answer = gate.handle(produce(100), backend);

        assertThat(answer.toCompletableFuture()).as("served before the quotas are read").isCompletedWithValueMatching(
                response -> response instanceof ProduceResponseData);
        firstRead.complete(List.of());
    }

    @Test
    void aProduceOverTheQuotaIsServedWithAThrottleTimeAndMutesTheConnection() throws Exception {
        QuotaGate gate = gate(QuotaKey.PRODUCER_BYTE_RATE);
        KafkaRequest first = produce(5_000);
        ProduceResponseData within = (ProduceResponseData) gate.handle(first, backend).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(within.throttleTimeMs()).isZero();
        assertThat(first.session().mutedUntilNanos()).isEqualTo(Long.MIN_VALUE);

        KafkaRequest second = produce(10_000);
        long batchBytes = QuotaGate.produceBytes(second.data());
        ProduceResponseData over = (ProduceResponseData) gate.handle(second, backend).toCompletableFuture().get(5, TimeUnit.SECONDS);
        long expectedMs = Math.round((QuotaGate.produceBytes(first.data()) + batchBytes - QUOTA) * 1000.0 / QUOTA);
        assertThat(over.throttleTimeMs()).as("bytes over one second's allowance / quota").isEqualTo((int) expectedMs).isPositive();
        assertThat(second.session().mutedUntilNanos()).isEqualTo(nanos.get() + TimeUnit.MILLISECONDS.toNanos(expectedMs));
    }

    @Test
    void aFetchOverTheQuotaIsAnsweredEmptyAndItsBytesAreNotCounted() throws Exception {
        QuotaGate gate = gate(QuotaKey.CONSUMER_BYTE_RATE);
        fetched = records(800);
        FetchResponseData first = (FetchResponseData) gate.handle(fetch(), backend).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(fetchMaxBytesSeen).as("at most 100 ms of the quota").isEqualTo((int) (QUOTA / 10));
        assertThat(first.throttleTimeMs()).isZero();
        assertThat(first.responses()).hasSize(1);

        fetched = records(QUOTA_BYTES_OVER);
        FetchResponseData over = (FetchResponseData) gate.handle(fetch(), backend).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(over.throttleTimeMs()).isPositive();
        assertThat(over.responses()).as("answered empty: the client fetches the same offsets again").isEmpty();

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(over.throttleTimeMs()));
        fetched = records(800);
        FetchResponseData after = (FetchResponseData) gate.handle(fetch(), backend).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(after.throttleTimeMs()).as("the empty answer's bytes were taken back").isZero();
        assertThat(after.responses()).hasSize(1);
    }
}
