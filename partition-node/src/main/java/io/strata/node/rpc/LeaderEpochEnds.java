package io.strata.node.rpc;

import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.OffsetForLeaderEpochRequest;
import io.strata.api.v1.OffsetForLeaderEpochResult;
import io.strata.api.v1.OffsetsForLeaderEpochsRequest;
import io.strata.api.v1.OffsetsForLeaderEpochsResponse;
import io.strata.node.log.EpochEndOffset;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.Function;

import io.strata.node.replica.TopicPartition;

/**
 * The leader's answer to a follower's OffsetForLeaderEpoch, for one partition or many (KIP-279):
 * its largest epoch at most the one asked and where that ends in its log, provided it leads the
 * partition at exactly the epoch the follower follows. In a batch each partition is answered on
 * its own, exactly as the single call would answer it: a refusal of one does not fail the others.
 *
 * <p>Thread-safety: stateless; reads each replica's leader state and epoch cache, which are
 * thread-safe. Never blocks (an in-memory lookup), so it may run on an event loop.
 */
@ApplicationScoped
public class LeaderEpochEnds {

    @Inject
    ReplicaManager replicas;

    /** Where the follower's epoch ends here; throws what the single RPC answers with. */
    EpochEndOffset endOf(OffsetForLeaderEpochRequest request) {
        Replica replica = replicas.get(new TopicPartition(request.getTopic(), request.getPartition()));
        int leaderEpoch = replica.leaderState().leaderEpoch();
        if (request.getCurrentLeaderEpoch() != leaderEpoch) {
            throw new StrataException(request.getCurrentLeaderEpoch() < leaderEpoch
                    ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH,
                    "asked at leader epoch " + request.getCurrentLeaderEpoch() + "; this leader is at " + leaderEpoch);
        }
        return replica.log().endOffsetForEpoch(request.getLastFetchedEpoch());
    }

    /** Every partition of the batch, in request order, each with its answer or its error. */
    OffsetsForLeaderEpochsResponse endsOf(OffsetsForLeaderEpochsRequest request) {
        return eachAnswered(request, this::endOf);
    }

    /**
     * The batched answer made of single answers: {@code endOf} per partition, in request order, a
     * refusal (what {@code endOf} throws) kept as that partition's error. Public for the fake
     * leaders of tests, which answer with the same rule from their own logs.
     */
    public static OffsetsForLeaderEpochsResponse eachAnswered(OffsetsForLeaderEpochsRequest request,
                                                              Function<OffsetForLeaderEpochRequest, EpochEndOffset> endOf) {
        OffsetsForLeaderEpochsResponse.Builder response = OffsetsForLeaderEpochsResponse.newBuilder();
        for (OffsetForLeaderEpochRequest partition : request.getPartitionsList()) {
            OffsetForLeaderEpochResult.Builder result = OffsetForLeaderEpochResult.newBuilder()
                    .setTopic(partition.getTopic()).setPartition(partition.getPartition());
            try {
                EpochEndOffset end = endOf.apply(partition);
                result.setEpoch(end.epoch()).setEndOffset(end.endOffset());
            } catch (RuntimeException e) {
                StrataException error = GrpcErrors.asStrataException(e);
                result.setError(error.code()).setErrorMessage(error.getMessage());
            }
            response.addPartitions(result);
        }
        return response.build();
    }
}
