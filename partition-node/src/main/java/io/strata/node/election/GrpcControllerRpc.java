package io.strata.node.election;

import io.grpc.ManagedChannel;
import io.strata.api.channel.ReconnectAfterFailure;
import io.strata.api.error.GrpcErrors;
import io.strata.api.v1.AlterPartitionReassignmentsRequest;
import io.strata.api.v1.AlterPartitionReassignmentsResponse;
import io.strata.api.v1.ClaimControllerRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.PartitionReassignment;
import io.strata.api.v1.ReassignmentResult;
import io.strata.node.balance.BalancePlanner;
import io.strata.api.v1.ElectLeadersRequest;
import io.strata.api.v1.LeaderElection;
import io.strata.api.v1.MetadataServiceGrpc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link ControllerRpc} over gRPC, each call bounded by {@code timeout}. Blocking: call it from the controller thread only. */
final class GrpcControllerRpc implements ControllerRpc {

    private static final System.Logger LOG = System.getLogger(GrpcControllerRpc.class.getName());

    private final MetadataServiceGrpc.MetadataServiceBlockingStub stub;
    private final Duration timeout;

    GrpcControllerRpc(ManagedChannel channel, Duration timeout) {
        this.stub = MetadataServiceGrpc.newBlockingStub(ReconnectAfterFailure.wrap(channel));
        this.timeout = timeout;
    }

    @Override
    public void claim(int nodeId, long epoch) {
        try {
            stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).claimController(
                    ClaimControllerRequest.newBuilder().setNodeId(nodeId).setControllerEpoch(epoch).build());
        } catch (RuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }

    @Override
    public long elect(int nodeId, long epoch, List<Election> elections) {
        ElectLeadersRequest.Builder request = ElectLeadersRequest.newBuilder().setNodeId(nodeId).setControllerEpoch(epoch);
        for (Election election : elections) {
            request.addElections(LeaderElection.newBuilder().setTopic(election.topic())
                    .setPartition(election.partition()).setLeader(election.leader()).addAllIsr(election.isr())
                    .addAllFenced(election.fenced()));
            if (election.leaderEpoch() != PartitionLeadership.UNKNOWN_EPOCH) {
                request.getElectionsBuilder(request.getElectionsCount() - 1)
                        .setExpectedLeaderEpoch(election.leaderEpoch())
                        .setExpectedPartitionEpoch(election.partitionEpoch());
            }
        }
        try {
            return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).electLeaders(request.build())
                    .getMetadataVersion();
        } catch (RuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }

    @Override
    public long reassign(List<BalancePlanner.Placement> targets) {
        AlterPartitionReassignmentsRequest.Builder request = AlterPartitionReassignmentsRequest.newBuilder();
        targets.forEach(target -> request.addReassignments(PartitionReassignment.newBuilder().setTopic(target.topic())
                .setPartition(target.partition()).addAllTargetReplicas(target.replicas())));
        AlterPartitionReassignmentsResponse response;
        try {
            response = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .alterPartitionReassignments(request.build());
        } catch (RuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
        for (ReassignmentResult result : response.getResultsList()) {
            if (result.getErrorCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
                LOG.log(System.Logger.Level.WARNING, "balance move of " + result.getTopic() + "-" + result.getPartition()
                        + " refused: " + result.getErrorCode() + " " + result.getErrorMessage());
            }
        }
        return response.getMetadataVersion();
    }
}
