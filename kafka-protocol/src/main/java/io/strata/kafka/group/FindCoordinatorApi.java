package io.strata.kafka.group;

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
 * FindCoordinator. Every node serves every group (it forwards to the coordinator service), so the
 * group coordinator is always this node, at the Kafka address it registered. Strata has no
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
        int nodeId = cluster.localNodeId();
        NodeDescription node = cluster.metadata().nodes().get(nodeId);
        String address = node == null ? "" : node.getKafkaAddress();
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            return coordinator.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
                    .setErrorMessage("node " + nodeId + " has no Kafka listener address in the cluster metadata yet");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            return coordinator.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
                    .setErrorMessage("node " + nodeId + " registered a Kafka address without a port: " + address);
        }
        return coordinator.setNodeId(nodeId).setHost(host).setPort(port).setErrorCode(Errors.NONE.code()).setErrorMessage(null);
    }
}
