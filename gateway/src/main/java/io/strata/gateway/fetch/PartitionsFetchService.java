package io.strata.gateway.fetch;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.identity.SecurityConfig;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.tls.InternalChannels;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.PartitionFetch;
import io.strata.api.v1.PartitionRecords;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.routing.MetadataCache;
import io.strata.gateway.routing.NodeChannels;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A consumer's fetch of many partitions ({@code GatewayService/FetchPartitions}): split by leader,
 * one {@code FetchPartitions} long poll per leader node, gathered into one answer
 * ({@link GatheredAnswer}: ready at the first records or error). Each answer names every requested
 * partition's leader, so the client's next requests each wait on one node; while
 * {@link DirectFetchOffer} allows it, also those leaders' addresses ({@code leader_addresses}, the
 * addresses this gateway dials), so the client sends its next requests to the leaders themselves
 * and reads without this gateway (it comes back here when a leader fails or moves).
 *
 * <p>Why not {@link io.strata.gateway.routing.PartitionRouter}'s retries: a partition whose leader is
 * unknown or moved is answered at once with its own retriable error (LEADER_NOT_AVAILABLE,
 * NOT_LEADER_OR_FOLLOWER, NODE_NOT_AVAILABLE), and the client backs off that partition alone while
 * the others go on; retrying here would hold every partition of the request for the slowest one.
 * When any partition is answered with an error at once, the leaders are read without waiting.
 *
 * <p>Calls to nodes are never cancelled (see {@code PartitionRouter}: a cancel is an RST_STREAM on
 * the shared connection); a part that arrives after the answer was sent is dropped.
 *
 * <p>A partition answered with at least half its max_bytes is read ahead ({@link ReadAhead}, the
 * same budget as single fetches' {@code strata.gateway.read-ahead-bytes}): the consumer's next call
 * that names it at that offset takes the read-ahead instead of asking its leader again.
 *
 * <p>State: the read-ahead cache (thread-safe) and the offer, decided once at start. Any thread;
 * never blocks.
 */
@ApplicationScoped
public class PartitionsFetchService {

    private static final System.Logger LOG = System.getLogger(PartitionsFetchService.class.getName());

    @Inject
    MetadataCache cache;
    @Inject
    NodeChannels channels;
    @Inject
    GatewayConfig config;
    @Inject
    SecurityConfig security;
    @Inject
    InternalChannels internalChannels;

    private ReadAhead<CompletableFuture<List<PartitionRecords>>> readAhead;
    private DirectFetchOffer offer;

    @PostConstruct
    void init() {
        readAhead = new ReadAhead<>(config.readAheadBytes(), config.readAheadMaxAge().toNanos());
        offer = DirectFetchOffer.of(config, security, internalChannels);
    }

    /** Says once, at start, whether consumers are offered the leaders (and if not, why). */
    void logOffer(@Observes StartupEvent event) {
        LOG.log(System.Logger.Level.INFO, offer.describe());
    }

    /** One leader's share of a request. */
    private record Part(String address, FetchPartitionsRequest.Builder request) {
    }

    public Uni<FetchPartitionsResponse> fetch(FetchPartitionsRequest request) {
        return Uni.createFrom().deferred(() -> {
            if (request.getMaxWaitMs() < 0 || request.getMaxBytes() < 0 || request.getMinBytes() < 0) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "max_wait_ms, min_bytes and max_bytes must be 0 or more, got "
                        + request.getMaxWaitMs() + ", " + request.getMinBytes() + " and " + request.getMaxBytes());
            }
            ClusterMetadata metadata = cache.current();
            ClusterMetadata.Leader[] leaders = new ClusterMetadata.Leader[request.getPartitionsCount()]; // null: none
            List<PartitionRecords> unroutable = new ArrayList<>();
            List<CompletableFuture<List<PartitionRecords>>> aheads = new ArrayList<>();
            Map<String, Part> parts = split(request, metadata, leaders, unroutable, aheads);
            long waitMs = unroutable.isEmpty() ? Math.min(request.getMaxWaitMs(), config.maxFetchWait().toMillis()) : 0;
            GatheredAnswer answer = new GatheredAnswer(parts.size() + aheads.size() + 1, request.getMaxBytes());
            CompletableFuture<FetchPartitionsResponse> sent = new CompletableFuture<>();
            Consumer<List<PartitionRecords>> add = part -> {
                if (answer.add(part)) {
                    List<PartitionRecords> kept = answer.partitions();
                    try {
                        readAheadAfter(kept, request); // first: the consumer's next call may arrive before this thread returns
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "no read-ahead after a FetchPartitions answer; the answer goes as it is", e);
                    }
                    sent.complete(FetchPartitionsResponse.newBuilder().addAllPartitions(kept)
                            .addAllLeaders(leaderIds(leaders)).putAllLeaderAddresses(leaderAddresses(leaders)).build());
                }
            };
            add.accept(unroutable);
            for (Part part : parts.values()) {
                FetchPartitionsRequest partRequest = part.request().setMaxWaitMs((int) waitMs)
                        .setMinBytes(request.getMinBytes()).setMaxBytes(request.getMaxBytes()).build();
                nodeFetch(part.address(), partRequest).thenAccept(add);
            }
            aheads.forEach(ahead -> ahead.thenAccept(add));
            return Uni.createFrom().completionStage(sent);
        });
    }

    /** Each requested partition's leader node id, in request order, −1 where it has none. */
    private static List<Integer> leaderIds(ClusterMetadata.Leader[] leaders) {
        return Arrays.stream(leaders).map(leader -> leader == null ? -1 : leader.nodeId()).toList();
    }

    /**
     * The address of each leader the answer names, once each: the address this gateway sent that
     * leader's part to. Empty when not {@link DirectFetchOffer#offered()}.
     */
    private Map<Integer, String> leaderAddresses(ClusterMetadata.Leader[] leaders) {
        if (!offer.offered()) {
            return Map.of();
        }
        Map<Integer, String> addresses = new TreeMap<>();
        for (ClusterMetadata.Leader leader : leaders) {
            if (leader != null && leader.nodeId() >= 0) {
                addresses.putIfAbsent(leader.nodeId(), leader.address());
            }
        }
        return addresses;
    }

    /**
     * One call to a node; a failure becomes each of its partitions' error. Never cancelled (see the
     * class comment): the outcome is only dropped when the answer has gone.
     */
    private CompletableFuture<List<PartitionRecords>> nodeFetch(String address, FetchPartitionsRequest request) {
        CompletableFuture<List<PartitionRecords>> outcome = new CompletableFuture<>();
        channels.partitionService(address)
                .withDeadlineAfter(request.getMaxWaitMs() + config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .fetchPartitions(request)
                .subscribe().with(response -> outcome.complete(response.getPartitionsList()),
                        failure -> outcome.complete(failed(request, GrpcErrors.asStrataException(failure))));
        return outcome;
    }

    /**
     * Starts a read-ahead, at once and without waiting, of each partition the answer brought at
     * least half of its max_bytes of (a backlog being worked through): the consumer will ask for
     * what follows next, and the leader's read then overlaps with this answer's trip to it, as
     * {@link FetchService#consumerFetch} does for single fetches ({@link ReadAhead} for why that is safe).
     */
    private void readAheadAfter(List<PartitionRecords> answered, FetchPartitionsRequest request) {
        Map<String, Integer> asked = null;
        for (PartitionRecords partition : answered) {
            if (partition.getRecords().isEmpty()) {
                continue;
            }
            if (asked == null) { // built once an answer has records: one pass over the request, not one per partition
                asked = new HashMap<>(request.getPartitionsCount() * 2);
                for (PartitionFetch fetch : request.getPartitionsList()) {
                    asked.put(fetch.getTopic() + '\u0000' + fetch.getPartition(), fetch.getMaxBytes());
                }
            }
            int maxBytes = asked.getOrDefault(partition.getTopic() + '\u0000' + partition.getPartition(), 0);
            if (maxBytes <= 0 || partition.getRecords().size() < maxBytes / 2) {
                continue;
            }
            ReadAhead.Key next = new ReadAhead.Key(partition.getTopic(), partition.getPartition(), partition.getNextOffset(), maxBytes);
            long now = System.nanoTime();
            String address;
            try {
                address = cache.current().leader(next.topic(), next.partition()).address();
            } catch (StrataException e) {
                continue;
            }
            if (!readAhead.reserve(next, now)) {
                continue;
            }
            FetchPartitionsRequest one = FetchPartitionsRequest.newBuilder().addPartitions(PartitionFetch.newBuilder()
                    .setTopic(next.topic()).setPartition(next.partition()).setOffset(next.offset()).setMaxBytes(maxBytes)).build();
            readAhead.put(next, nodeFetch(address, one), now);
        }
    }

    /**
     * A partition's share of the answer from a read-ahead: what it found, or, when it found nothing
     * or failed, an ordinary fetch of that partition with the request's wait.
     */
    private CompletableFuture<List<PartitionRecords>> fromReadAhead(CompletableFuture<List<PartitionRecords>> ahead,
                                                                   PartitionFetch partition, String address,
                                                                   FetchPartitionsRequest request) {
        return ahead.thenCompose(found -> !found.isEmpty() ? CompletableFuture.completedFuture(found)
                : nodeFetch(address, FetchPartitionsRequest.newBuilder().addPartitions(partition)
                        .setMaxWaitMs((int) Math.min(request.getMaxWaitMs(), config.maxFetchWait().toMillis()))
                        .setMinBytes(request.getMinBytes()).setMaxBytes(request.getMaxBytes()).build()));
    }

    /** The request split by leader address, in request order; partitions without a leader become error entries. */
    private Map<String, Part> split(FetchPartitionsRequest request, ClusterMetadata metadata, ClusterMetadata.Leader[] leaders,
                                    List<PartitionRecords> unroutable, List<CompletableFuture<List<PartitionRecords>>> aheads) {
        Map<String, Part> parts = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < request.getPartitionsCount(); i++) {
            PartitionFetch partition = request.getPartitions(i);
            if (!seen.add(partition.getTopic() + '\u0000' + partition.getPartition())) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, partition.getTopic() + "-" + partition.getPartition()
                        + " is named more than once in one FetchPartitions request");
            }
            try {
                ClusterMetadata.Leader leader = metadata.leader(partition.getTopic(), partition.getPartition());
                leaders[i] = leader;
                CompletableFuture<List<PartitionRecords>> ahead = readAhead.take(new ReadAhead.Key(partition.getTopic(),
                        partition.getPartition(), partition.getOffset(), partition.getMaxBytes()), System.nanoTime());
                if (ahead != null) {
                    aheads.add(fromReadAhead(ahead, partition, leader.address(), request));
                    continue;
                }
                parts.computeIfAbsent(leader.address(), a -> new Part(a, FetchPartitionsRequest.newBuilder()))
                        .request().addPartitions(partition);
            } catch (StrataException e) {
                leaders[i] = null;
                unroutable.add(error(partition, e));
            }
        }
        return parts;
    }

    private static List<PartitionRecords> failed(FetchPartitionsRequest part, StrataException failure) {
        return part.getPartitionsList().stream().map(partition -> error(partition, failure)).toList();
    }

    private static PartitionRecords error(PartitionFetch partition, StrataException failure) {
        return PartitionRecords.newBuilder().setTopic(partition.getTopic()).setPartition(partition.getPartition())
                .setErrorCode(failure.code()).setErrorMessage(String.valueOf(failure.getMessage())).build();
    }
}
