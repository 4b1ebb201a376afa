package io.strata.kafka.fetch;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.backend.FileBatches;
import io.strata.kafka.backend.LocalPartitions;
import io.strata.kafka.backend.LocalPartitions.Fetched;
import io.strata.kafka.error.KafkaErrors;
import io.strata.kafka.metadata.BrokerEndpoint;
import io.strata.kafka.metadata.LeaderHint;
import io.strata.kafka.metadata.TopicIds;
import io.vertx.core.Vertx;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.LeaderIdAndEpoch;
import org.apache.kafka.common.message.FetchResponseData.NodeEndpoint;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.RequestUtils;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Fetch (v4 to the newest kafka-clients knows) for consumers, from this node's leader replicas.
 *
 * <ul>
 *   <li>Sessions (KIP-227) are declined: every answer has session id 0, so clients send full
 *       fetches; an incremental fetch for a session id is FETCH_SESSION_ID_NOT_FOUND.</li>
 *   <li>Each partition reads up to its {@code partition_max_bytes} ({@link LocalPartitions#read});
 *       the response's {@code max_bytes} is then shared by {@link FetchBudget}.</li>
 *   <li>Strata has no transactions, so the last stable offset is the high watermark (librdkafka
 *       reads read_committed by default and stops at it) and there are no aborted transactions.</li>
 *   <li>Fewer than {@code min_bytes} with {@code max_wait_ms} left: wait for
 *       {@link LocalPartitions#nextChange} or the deadline (a Vert.x timer), then read again; any
 *       partition error answers at once.</li>
 *   <li>Errors per partition from {@link KafkaErrors}; NOT_LEADER_OR_FOLLOWER and
 *       FENCED_LEADER_EPOCH carry the current leader (v12+) and its endpoint (v16+).</li>
 *   <li>On a connection that writes files to its socket ({@link ClientSession#sendsFiles()},
 *       plaintext) partitions are read with {@link LocalPartitions#readToSend}: the answer then
 *       carries {@link FileBatches}, which the listener sends from the file. Each is released by
 *       whoever drops it: here, a read superseded by a long poll's next read, a partition trimmed
 *       to nothing, an answer that could not be built; afterwards the encoder and the connection.</li>
 * </ul>
 * Stateless apart from its backends; thread-safe; never blocks.
 */
final class FetchHandler implements KafkaApiHandler {

    static final short MIN_VERSION = 4;

    private final Vertx vertx;
    private final LocalPartitions partitions;
    private final ControlPlane controlPlane;

    FetchHandler(Vertx vertx, LocalPartitions partitions, ControlPlane controlPlane) {
        this.vertx = vertx;
        this.partitions = partitions;
        this.controlPlane = controlPlane;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    @Override
    public short minVersion() {
        return (short) Math.max(MIN_VERSION, ApiKeys.FETCH.oldestVersion());
    }

    @Override
    public short maxVersion() {
        return ApiKeys.FETCH.latestVersion();
    }

    /** One requested partition, resolved: {@code partition} is null when its topic id is unknown. */
    private record Wanted(FetchTopic topic, FetchPartition request, TopicPartition partition) {
    }

    /** What one read found: {@code fetched} or a failure. */
    private record Read(Wanted wanted, Fetched fetched, Throwable failure) {
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        FetchRequestData data = request.data();
        short version = request.version();
        if (data.sessionId() != 0) {
            return CompletableFuture.completedFuture(new FetchResponseData().setThrottleTimeMs(0)
                    .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code()).setSessionId(0));
        }
        ClusterMetadata metadata = controlPlane.metadata();
        List<Wanted> wanted = resolve(data, version, metadata);
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, data.maxWaitMs()));
        boolean toSocket = request.session().sendsFiles();
        return attempt(data, wanted, deadlineNanos, true, toSocket)
                .thenApply(reads -> {
                    try {
                        return response(data, version, reads, controlPlane.metadata());
                    } catch (RuntimeException e) {
                        release(reads);
                        throw e;
                    }
                });
    }

    private static List<Wanted> resolve(FetchRequestData data, short version, ClusterMetadata metadata) {
        Map<Uuid, TopicDescription> byId = version >= 13 ? TopicIds.byId(metadata) : Map.of();
        List<Wanted> wanted = new ArrayList<>();
        for (FetchTopic topic : data.topics()) {
            String name = topic.topic();
            if (version >= 13) {
                TopicDescription description = byId.get(topic.topicId());
                name = description == null ? null : description.getName();
            }
            for (FetchPartition partition : topic.partitions()) {
                wanted.add(new Wanted(topic, partition, name == null ? null : new TopicPartition(name, partition.partition())));
            }
        }
        return wanted;
    }

    /**
     * Reads every partition; answers if satisfied, else waits and reads again. The watch is placed
     * before the read, so an append between the read and the wait still wakes this fetch.
     */
    private CompletionStage<List<Read>> attempt(FetchRequestData data, List<Wanted> wanted, long deadlineNanos, boolean mayWait,
                                                boolean toSocket) {
        List<TopicPartition> watched = wanted.stream().map(Wanted::partition).filter(Objects::nonNull).toList();
        boolean canWait = mayWait && data.maxWaitMs() > 0 && data.minBytes() > 0 && !watched.isEmpty()
                && deadlineNanos - System.nanoTime() > 0;
        CompletionStage<Void> change = canWait ? partitions.nextChange(watched) : null;
        return readAll(wanted, toSocket).thenCompose(reads -> {
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (change == null || remainingMs <= 0 || satisfied(reads, data)) {
                if (change != null) {
                    cancel(change);
                }
                return CompletableFuture.completedFuture(reads);
            }
            release(reads); // read again after the wait
            return changeOrTimeout(change, remainingMs)
                    .thenCompose(changed -> attempt(data, wanted, deadlineNanos, changed, toSocket));
        });
    }

    /** Whether to answer now: enough bytes, an error to report, or nothing to wait for. */
    private static boolean satisfied(List<Read> reads, FetchRequestData data) {
        long bytes = 0;
        for (Read read : reads) {
            if (read.failure() != null || read.wanted().partition() == null) {
                return true;
            }
            bytes += read.fetched().sizeInBytes();
        }
        return bytes >= data.minBytes();
    }

    private CompletableFuture<List<Read>> readAll(List<Wanted> wanted, boolean toSocket) {
        List<CompletableFuture<Read>> reads = new ArrayList<>(wanted.size());
        for (Wanted w : wanted) {
            if (w.partition() == null) {
                reads.add(CompletableFuture.completedFuture(new Read(w, null, null)));
                continue;
            }
            FetchPartition p = w.request();
            int maxBytes = Math.max(0, p.partitionMaxBytes());
            Optional<Integer> epoch = RequestUtils.getLeaderEpoch(p.currentLeaderEpoch());
            reads.add((toSocket ? partitions.readToSend(w.partition(), p.fetchOffset(), maxBytes, epoch)
                            : partitions.read(w.partition(), p.fetchOffset(), maxBytes, epoch))
                    .handle((fetched, failure) -> new Read(w, fetched, failure))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                .thenApply(v -> reads.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Completes with true at the next change of any watched partition, with false at the deadline
     * or when the backend cannot watch them (then one last read answers). On timeout the watch is
     * cancelled so that the backend may drop it.
     */
    private CompletionStage<Boolean> changeOrTimeout(CompletionStage<Void> change, long waitMs) {
        CompletableFuture<Boolean> woken = new CompletableFuture<>();
        long timer = vertx.setTimer(Math.max(1, waitMs), id -> {
            woken.complete(false);
            cancel(change);
        });
        change.whenComplete((v, failure) -> {
            vertx.cancelTimer(timer);
            woken.complete(failure == null);
        });
        return woken;
    }

    private static void cancel(CompletionStage<Void> change) {
        try {
            change.toCompletableFuture().cancel(false);
        } catch (UnsupportedOperationException e) {
            // A stage that cannot be cancelled: the backend drops the watch at its next change.
        }
    }

    private static void release(List<Read> reads) {
        for (Read read : reads) {
            if (read.fetched() != null && read.fetched().file() != null) {
                read.fetched().file().release();
            }
        }
    }

    /** Each read's records within the response's {@link FetchBudget}: a prefix of its batches, in memory or in its file. */
    private static List<BaseRecords> kept(List<Read> reads, int maxBytes) {
        List<int[]> sizes = new ArrayList<>(reads.size());
        for (Read read : reads) {
            Fetched fetched = read.fetched();
            if (fetched == null) {
                sizes.add(new int[0]);
            } else if (fetched.file() != null) {
                int[] batches = new int[fetched.file().batchCount()];
                Arrays.setAll(batches, fetched.file()::batchSize);
                sizes.add(batches);
            } else {
                sizes.add(FetchBudget.batchSizes(fetched.records()));
            }
        }
        int[] kept = FetchBudget.keptBatches(sizes, maxBytes);
        List<BaseRecords> records = new ArrayList<>(reads.size());
        for (int i = 0; i < reads.size(); i++) {
            Fetched fetched = reads.get(i).fetched();
            if (fetched == null || kept[i] == 0) {
                if (fetched != null && fetched.file() != null) {
                    fetched.file().release();
                }
                records.add(MemoryRecords.EMPTY);
            } else if (fetched.file() != null) {
                FileBatches file = fetched.file();
                records.add(kept[i] == file.batchCount() ? file : file.prefix(kept[i]));
            } else {
                ByteBuffer read = fetched.records();
                int bytes = Arrays.stream(sizes.get(i), 0, kept[i]).sum();
                records.add(MemoryRecords.readableRecords(read.slice(read.position(), bytes).asReadOnlyBuffer()));
            }
        }
        return records;
    }

    private static FetchResponseData response(FetchRequestData data, short version, List<Read> reads, ClusterMetadata metadata) {
        List<BaseRecords> kept = kept(reads, data.maxBytes());
        boolean readCommitted = data.isolationLevel() == IsolationLevel.READ_COMMITTED.id();
        FetchResponseData response = new FetchResponseData().setThrottleTimeMs(0).setErrorCode(Errors.NONE.code()).setSessionId(0);
        Map<Integer, BrokerEndpoint> endpoints = new TreeMap<>();
        FetchableTopicResponse current = null;
        for (int i = 0; i < reads.size(); i++) {
            Read read = reads.get(i);
            if (current == null || read.wanted().topic() != reads.get(i - 1).wanted().topic()) {
                current = new FetchableTopicResponse().setTopic(read.wanted().topic().topic()).setTopicId(read.wanted().topic().topicId());
                response.responses().add(current);
            }
            current.partitions().add(partition(read, kept.get(i), readCommitted, metadata, endpoints));
        }
        if (version >= 16) {
            endpoints.values().forEach(e -> response.nodeEndpoints().add(
                    new NodeEndpoint().setNodeId(e.nodeId()).setHost(e.host()).setPort(e.port()).setRack(e.rack())));
        }
        return response;
    }

    private static PartitionData partition(Read read, BaseRecords records, boolean readCommitted, ClusterMetadata metadata,
                                           Map<Integer, BrokerEndpoint> endpoints) {
        PartitionData answer = new PartitionData().setPartitionIndex(read.wanted().request().partition())
                .setPreferredReadReplica(-1)
                .setAbortedTransactions(readCommitted ? new ArrayList<>() : null);
        if (read.wanted().partition() == null) {
            return failed(answer, Errors.UNKNOWN_TOPIC_ID);
        }
        if (read.failure() != null) {
            Errors error = KafkaErrors.of(read.failure());
            if (error == Errors.NOT_LEADER_OR_FOLLOWER || error == Errors.FENCED_LEADER_EPOCH) {
                TopicPartition tp = read.wanted().partition();
                LeaderHint.of(metadata, tp.topic(), tp.partition()).ifPresent(hint -> {
                    answer.setCurrentLeader(new LeaderIdAndEpoch().setLeaderId(hint.leaderId()).setLeaderEpoch(hint.leaderEpoch()));
                    hint.endpoint().ifPresent(e -> endpoints.put(e.nodeId(), e));
                });
            }
            return failed(answer, error);
        }
        Fetched fetched = read.fetched();
        return answer.setErrorCode(Errors.NONE.code())
                .setHighWatermark(fetched.highWatermark())
                .setLastStableOffset(fetched.highWatermark())
                .setLogStartOffset(fetched.logStartOffset())
                .setRecords(records);
    }

    private static PartitionData failed(PartitionData answer, Errors error) {
        return answer.setErrorCode(error.code()).setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1)
                .setRecords(MemoryRecords.EMPTY);
    }
}
