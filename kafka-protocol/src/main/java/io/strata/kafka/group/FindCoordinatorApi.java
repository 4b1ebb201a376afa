package io.strata.kafka.group;

import io.strata.kafka.metadata.BrokerEndpoint;
import java.util.Optional;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.NodeDescription;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.ControlPlane;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * FindCoordinator. Every node serves every group (it forwards to the coordinator service), but a
 * classic member's state lives in the memory of the node that serves it ({@link ClassicMemberBridge}):
 * a member that moves node must join again. So the answer for a group is one live broker chosen by
 * the group id (its hash modulo the live brokers, ordered by id), the same whichever node is asked,
 * and a member that rediscovers its coordinator (after a timeout or a reconnect) returns to the node
 * that knows it; it moves only when the set of live brokers changes. When this node's metadata
 * lists no live broker yet, it answers itself, at the Kafka address it registered. Strata has no
 * transaction or share-group coordinator: those key types are refused with UNSUPPORTED_VERSION
 * and a message saying so (not COORDINATOR_NOT_AVAILABLE, which a client would retry until it
 * times out). Until this node's Kafka address is in the metadata it has applied, the answer is
 * COORDINATOR_NOT_AVAILABLE, which clients retry. Stateless.
 */
final class FindCoordinatorApi {

    static final String NO_TRANSACTIONS = "Strata has no transaction coordinator: transactional producers are not supported";
    static final String NO_SHARE_GROUPS = "Strata has no share group coordinator: share groups are not supported";

    private final ControlPlane cluster;

    FindCoordinatorApi(ControlPlane cluster) {
        this.cluster = cluster;
    }

    CompletionStage<ApiMessage> findCoordinator(KafkaRequest request) {
        FindCoordinatorRequestData data = request.data();
        byte keyType = data.keyType();
        if (request.version() < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            Coordinator answer = answer(data.key(), keyType);
            return CompletableFuture.completedFuture(new FindCoordinatorResponseData()
                    .setErrorCode(answer.errorCode())
                    .setErrorMessage(answer.errorMessage())
                    .setNodeId(answer.nodeId())
                    .setHost(answer.host())
                    .setPort(answer.port()));
        }
        List<Coordinator> coordinators = new ArrayList<>();
        for (String key : data.coordinatorKeys()) {
            coordinators.add(answer(key, keyType));
        }
        return CompletableFuture.completedFuture(new FindCoordinatorResponseData().setCoordinators(coordinators));
    }

    private Coordinator answer(String key, byte keyType) {
        Coordinator coordinator = new Coordinator().setKey(key).setNodeId(-1).setHost("").setPort(-1);
        if (keyType == CoordinatorType.TRANSACTION.id()) {
            return coordinator.setErrorCode(Errors.UNSUPPORTED_VERSION.code()).setErrorMessage(NO_TRANSACTIONS);
        }
        if (keyType == CoordinatorType.SHARE.id()) {
            return coordinator.setErrorCode(Errors.UNSUPPORTED_VERSION.code()).setErrorMessage(NO_SHARE_GROUPS);
        }
        if (keyType != CoordinatorType.GROUP.id()) {
            return coordinator.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("unknown coordinator key type " + keyType);
        }
        Optional<BrokerEndpoint> endpoint = coordinatorOf(key);
        if (endpoint.isEmpty()) {
            return coordinator.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
                    .setErrorMessage("node " + cluster.localNodeId() + " has no Kafka listener address in the cluster metadata yet");
        }
        BrokerEndpoint chosen = endpoint.get();
        return coordinator.setNodeId(chosen.nodeId()).setHost(chosen.host()).setPort(chosen.port())
                .setErrorCode(Errors.NONE.code()).setErrorMessage(null);
    }

    private Optional<BrokerEndpoint> coordinatorOf(String groupId) {
        ClusterMetadata metadata = cluster.metadata();
        List<BrokerEndpoint> live = BrokerEndpoint.live(metadata);
        if (!live.isEmpty()) {
            return Optional.of(live.get(Math.floorMod(groupId.hashCode(), live.size())));
        }
        NodeDescription self = metadata.nodes().get(cluster.localNodeId());
        return BrokerEndpoint.parse(self == null ? NodeDescription.getDefaultInstance() : self);
    }
}
