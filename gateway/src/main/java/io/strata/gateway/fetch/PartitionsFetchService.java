package io.strata.gateway.fetch;

import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.PartitionFetch;
import io.strata.api.v1.PartitionRecords;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.routing.MetadataCache;
import io.strata.gateway.routing.NodeChannels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A consumer's fetch of many partitions ({@code GatewayService/FetchPartitions}): split by leader,
 * one {@code FetchPartitions} long poll per leader node, gathered into one answer
 * ({@link GatheredAnswer}: ready at the first records or error). Each answer names every requested
 * partition's leader, so the client's next requests each wait on one node.
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
 * <p>Stateless; any thread; never blocks.
 */
@ApplicationScoped
public class PartitionsFetchService {

    @Inject
    MetadataCache cache;
    @Inject
    NodeChannels channels;
    @Inject
    GatewayConfig config;

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
            int[] leaders = new int[request.getPartitionsCount()];
            List<PartitionRecords> unroutable = new ArrayList<>();
            Map<String, Part> parts = split(request, metadata, leaders, unroutable);
            long waitMs = unroutable.isEmpty() ? Math.min(request.getMaxWaitMs(), config.maxFetchWait().toMillis()) : 0;
            GatheredAnswer answer = new GatheredAnswer(parts.size() + 1, request.getMaxBytes());
            CompletableFuture<FetchPartitionsResponse> sent = new CompletableFuture<>();
            Runnable send = () -> sent.complete(FetchPartitionsResponse.newBuilder()
                    .addAllPartitions(answer.partitions()).addAllLeaders(java.util.Arrays.stream(leaders).boxed().toList()).build());
            if (answer.add(unroutable)) {
                send.run();
            }
            for (Part part : parts.values()) {
                FetchPartitionsRequest partRequest = part.request().setMaxWaitMs((int) waitMs)
                        .setMinBytes(request.getMinBytes()).setMaxBytes(request.getMaxBytes()).build();
                channels.partitionService(part.address())
                        .withDeadlineAfter(waitMs + config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .fetchPartitions(partRequest)
                        .subscribe().with(
                                response -> {
                                    if (answer.add(response.getPartitionsList())) {
                                        send.run();
                                    }
                                },
                                failure -> {
                                    if (answer.add(failed(partRequest, GrpcErrors.asStrataException(failure)))) {
                                        send.run();
                                    }
                                });
            }
            return Uni.createFrom().completionStage(sent);
        });
    }

    /** The request split by leader address, in request order; partitions without a leader become error entries. */
    private static Map<String, Part> split(FetchPartitionsRequest request, ClusterMetadata metadata, int[] leaders,
                                           List<PartitionRecords> unroutable) {
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
                leaders[i] = leader.nodeId();
                parts.computeIfAbsent(leader.address(), a -> new Part(a, FetchPartitionsRequest.newBuilder()))
                        .request().addPartitions(partition);
            } catch (StrataException e) {
                leaders[i] = -1;
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
