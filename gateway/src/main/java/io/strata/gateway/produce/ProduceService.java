package io.strata.gateway.produce;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.Acks;
import io.strata.api.v1.AppendRequest;
import io.strata.api.v1.AppendResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.routing.Deadline;
import io.strata.gateway.routing.MetadataCache;
import io.strata.gateway.routing.PartitionRouter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Produces to a topic through the partition leaders: simple records are partitioned
 * ({@link ProducePlan}) and batched ({@link BatchBuilder}); batches of one partition are grouped
 * into appends of at most {@code append-bytes} and sent one after the other (so the partition
 * keeps the request's order), partitions in parallel. With acks 1 or all the gateway's batches go
 * out one per append, as an idempotent producer's ({@link SequencedAppends}), so that a retry
 * after a broken connection is not written twice; client-built batches pass through untouched.
 *
 * <p>With acks=0 the answer does not wait: the appends run on and a failure is only logged.
 */
@ApplicationScoped
public class ProduceService {

    private static final System.Logger LOG = System.getLogger(ProduceService.class.getName());

    @Inject
    PartitionRouter router;
    @Inject
    MetadataCache cache;
    @Inject
    GatewayConfig config;
    @Inject
    SequencedAppends sequenced;

    private Partitioner partitioner;
    private ByteBudget inFlightBytes;

    @PostConstruct
    void init() {
        partitioner = new Partitioner(ThreadLocalRandom.current().nextInt());
        inFlightBytes = new ByteBudget(config.maxInFlightProduceBytes());
    }

    /** The plan for records of a request (checked against the cached partition count). */
    public ProducePlan plan(String topic, Integer pathPartition, List<OutgoingRecord> records) {
        int partitions = cache.current().topic(topic).getPartitionsCount();
        return ProducePlan.of(topic, records, partitions, pathPartition, partitioner);
    }

    /** Appends the planned records; one outcome per partition of the plan, in partition order. */
    public Uni<List<PartitionOutcome>> produce(String topic, ProducePlan plan, List<OutgoingRecord> records,
                                               Acks acks, Deadline deadline) {
        long bytes = records.stream().mapToLong(r -> r.payloadBytes() + 64L).sum();
        return withBudget(bytes, deadline, release -> appendRecords(topic, plan, records, acks, deadline, release));
    }

    private Uni<List<PartitionOutcome>> appendRecords(String topic, ProducePlan plan, List<OutgoingRecord> records,
                                                      Acks acks, Deadline deadline, Runnable release) {
        long now = System.currentTimeMillis();
        BatchBuilder batchBuilder = new BatchBuilder(batchLimit(topic));
        List<Uni<PartitionOutcome>> partitions = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> entry : plan.byPartition().entrySet()) {
            List<OutgoingRecord> mine = entry.getValue().stream().map(records::get).toList();
            List<BuiltBatch> batches = batchBuilder.build(mine, now);
            List<List<BuiltBatch>> appends = idempotent(acks) ? batches.stream().map(List::of).toList() : groupAppends(batches);
            partitions.add(appendInOrder(topic, entry.getKey(), appends, mine.size(), acks, deadline));
        }
        return all(partitions, acks, release);
    }

    /**
     * Appends client-built batches as they are, one Append per entry; entries of one partition
     * in the order given. One outcome per entry, in request order (offsets: first and last).
     */
    public Uni<List<PartitionOutcome>> produceBatches(String topic, List<Map.Entry<Integer, ByteString>> entries,
                                                      Acks acks, Deadline deadline) {
        int partitions = cache.current().topic(topic).getPartitionsCount();
        long bytes = entries.stream().mapToLong(e -> e.getValue().size()).sum();
        return withBudget(bytes, deadline, release -> appendBatches(topic, partitions, entries, acks, deadline, release));
    }

    private Uni<List<PartitionOutcome>> appendBatches(String topic, int partitions, List<Map.Entry<Integer, ByteString>> entries,
                                                      Acks acks, Deadline deadline, Runnable release) {
        List<Uni<PartitionOutcome>> outcomes = new ArrayList<>();
        Map<Integer, Uni<?>> lastOfPartition = new HashMap<>();
        for (Map.Entry<Integer, ByteString> entry : entries) {
            int partition = entry.getKey();
            if (partition < 0 || partition >= partitions) {
                outcomes.add(Uni.createFrom().item(new PartitionOutcome(partition, new long[]{-1, -1}, 0,
                        new StrataException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + partition + " of topic '"
                                + topic + "' does not exist: the topic has partitions 0 to " + (partitions - 1)))));
                continue;
            }
            Uni<PartitionOutcome> outcome = lastOfPartition.getOrDefault(partition, Uni.createFrom().voidItem())
                    .chain(() -> append(topic, partition, entry.getValue(), acks, deadline))
                    .map(response -> new PartitionOutcome(partition, new long[]{response.getBaseOffset(), response.getLastOffset()}, 1, null))
                    .onFailure().recoverWithItem(f -> new PartitionOutcome(partition, new long[]{-1, -1}, 0, GrpcErrors.asStrataException(f)))
                    .memoize().indefinitely();
            lastOfPartition.put(partition, outcome);
            outcomes.add(outcome);
        }
        return all(outcomes, acks, release);
    }

    /**
     * Runs {@code work} once {@code bytes} fit under max-in-flight-produce-bytes; waits at most
     * produce-backpressure-wait (and the request's time), then answers THROTTLED naming the limit.
     * The work gets the release to run when its appends end (later than the answer with acks=0).
     */
    private Uni<List<PartitionOutcome>> withBudget(long bytes, Deadline deadline,
                                                   java.util.function.Function<Runnable, Uni<List<PartitionOutcome>>> work) {
        java.util.concurrent.CompletableFuture<Long> pending = inFlightBytes.take(bytes);
        long waitMs = Math.max(1, Math.min(config.produceBackpressureWait().toMillis(), deadline.remainingMs()));
        return Uni.createFrom().completionStage(pending)
                .ifNoItem().after(java.time.Duration.ofMillis(waitMs)).recoverWithUni(() -> {
                    if (!inFlightBytes.cancel(pending)) {
                        return Uni.createFrom().item(pending.join());
                    }
                    return Uni.createFrom().failure(new StrataException(ErrorCode.THROTTLED, "this gateway already has "
                            + inFlightBytes.taken() + " bytes of produce requests in flight, at its limit "
                            + "strata.gateway.max-in-flight-produce-bytes=" + inFlightBytes.limit() + "; waited " + waitMs
                            + " ms for room; nothing of this request was sent, retry later"));
                })
                .chain(taken -> {
                    java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
                    Runnable release = () -> {
                        if (released.compareAndSet(false, true)) {
                            inFlightBytes.giveBack(taken);
                        }
                    };
                    try {
                        return work.apply(release);
                    } catch (RuntimeException e) {
                        release.run();
                        throw e;
                    }
                });
    }

    private Uni<List<PartitionOutcome>> all(List<Uni<PartitionOutcome>> outcomes, Acks acks, Runnable release) {
        if (outcomes.isEmpty()) {
            release.run();
            return Uni.createFrom().item(List.of());
        }
        Uni<List<PartitionOutcome>> joined = Uni.join().all(outcomes).andFailFast().onTermination().invoke(release);
        if (acks != Acks.ACKS_NONE) {
            return joined;
        }
        joined.subscribe().with(done -> done.stream().filter(PartitionOutcome::failed).forEach(o ->
                LOG.log(System.Logger.Level.WARNING, "acks=0 append to partition " + o.partition() + " failed: " + o.failure())));
        return Uni.createFrom().item(List.of());
    }

    /**
     * The batch size for a topic: batch-bytes, or less when the topic's max.message.bytes override
     * is lower (a batch above it would be refused, however small its records).
     */
    private int batchLimit(String topic) {
        String override = cache.current().topic(topic).getConfigsMap().get("max.message.bytes");
        int limit = config.batchBytes();
        if (override != null) {
            try {
                limit = Math.min(limit, Math.max(64, Integer.parseInt(override)));
            } catch (NumberFormatException e) {
                // the metadata service stores canonical values; keep the default if it ever does not
            }
        }
        return limit;
    }

    /** Groups a partition's batches into appends of at most append-bytes (at least one batch each). */
    private List<List<BuiltBatch>> groupAppends(List<BuiltBatch> batches) {
        List<List<BuiltBatch>> appends = new ArrayList<>();
        List<BuiltBatch> current = new ArrayList<>();
        int bytes = 0;
        for (BuiltBatch batch : batches) {
            if (!current.isEmpty() && bytes + batch.sizeInBytes() > config.appendBytes()) {
                appends.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(batch);
            bytes += batch.sizeInBytes();
        }
        if (!current.isEmpty()) {
            appends.add(current);
        }
        return appends;
    }

    private Uni<PartitionOutcome> appendInOrder(String topic, int partition, List<List<BuiltBatch>> appends, int recordCount,
                                                Acks acks, Deadline deadline) {
        long[] offsets = new long[recordCount];
        Arrays.fill(offsets, -1);
        return appendFrom(topic, partition, appends, 0, 0, offsets, acks, deadline);
    }

    private Uni<PartitionOutcome> appendFrom(String topic, int partition, List<List<BuiltBatch>> appends, int index, int done,
                                             long[] offsets, Acks acks, Deadline deadline) {
        if (index == appends.size()) {
            return Uni.createFrom().item(new PartitionOutcome(partition, offsets, done, null));
        }
        List<BuiltBatch> batches = appends.get(index);
        int count = batches.stream().mapToInt(BuiltBatch::recordCount).sum();
        Uni<AppendResponse> appended = idempotent(acks) ? sequenced.append(topic, partition, batches.get(0), acks, deadline)
                : append(topic, partition, concat(batches), acks, deadline);
        return appended.onItemOrFailure().transformToUni((response, failure) -> {
                    if (failure != null) {
                        return Uni.createFrom().item(new PartitionOutcome(partition, offsets, done, GrpcErrors.asStrataException(failure)));
                    }
                    if (acks != Acks.ACKS_NONE) {
                        for (int i = 0; i < count; i++) {
                            offsets[done + i] = response.getBaseOffset() + i;
                        }
                    }
                    return appendFrom(topic, partition, appends, index + 1, done + count, offsets, acks, deadline);
                });
    }

    /**
     * Whether the gateway's own batches go out as an idempotent producer's: always, but with
     * acks=0 (nobody waits for the answer that would resolve a sequence) or when turned off.
     */
    private boolean idempotent(Acks acks) {
        return acks != Acks.ACKS_NONE && config.idempotentProduce();
    }

    private Uni<AppendResponse> append(String topic, int partition, ByteString records, Acks acks, Deadline deadline) {
        return router.call(topic, partition, deadline, stub -> stub.append(AppendRequest.newBuilder()
                .setTopic(topic).setPartition(partition).setRecords(records).setAcks(acks)
                .setTimeoutMs((int) Math.min(Integer.MAX_VALUE, deadline.serverWaitMs())).build()));
    }

    private static ByteString concat(List<BuiltBatch> batches) {
        if (batches.size() == 1) {
            return UnsafeByteOperations.unsafeWrap(batches.get(0).buffer());
        }
        int size = batches.stream().mapToInt(BuiltBatch::sizeInBytes).sum();
        ByteBuffer joined = ByteBuffer.allocate(size);
        batches.forEach(batch -> joined.put(batch.buffer().duplicate()));
        return UnsafeByteOperations.unsafeWrap(joined.flip());
    }
}
