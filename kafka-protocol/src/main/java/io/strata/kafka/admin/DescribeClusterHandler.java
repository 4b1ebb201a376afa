package io.strata.kafka.admin;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.ControlPlane;
import org.apache.kafka.clients.admin.EndpointType;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;

import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * DescribeCluster (v0–v2), answered from this node's metadata view without a remote call. The
 * brokers are the UP nodes with a Kafka listener address (with v2's include_fenced_brokers, DOWN
 * ones too, marked fenced: their lease ran out, as a Kafka broker is fenced when it stops
 * heartbeating). Nodes without a listener are left out: a client could not reach them.
 *
 * <p>The controller id is where Kafka's admin client sends controller-bound requests, so it must be
 * a listed broker: the metadata controller when it is one, else this node (a KRaft broker likewise
 * names a live broker, since clients cannot reach the real controller). Only the broker endpoint
 * type is served. No ACLs exist, so when asked the cluster's authorized operations are all of its
 * operations. Stateless.
 */
final class DescribeClusterHandler implements KafkaApiHandler {

    /** Kafka's sentinel for "authorized operations not asked for". */
    static final int AUTHORIZED_OPERATIONS_OMITTED = Integer.MIN_VALUE;

    private static final Set<AclOperation> CLUSTER_OPERATIONS = Set.of(AclOperation.ALTER, AclOperation.ALTER_CONFIGS,
            AclOperation.CLUSTER_ACTION, AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS,
            AclOperation.IDEMPOTENT_WRITE);

    private final ControlPlane cluster;

    DescribeClusterHandler(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public short minVersion() {
        return ApiKeys.DESCRIBE_CLUSTER.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.DESCRIBE_CLUSTER.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        DescribeClusterRequestData data = request.data();
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setClusterId(cluster.clusterId())
                .setClusterAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
        if (request.version() >= 1) {
            response.setEndpointType(EndpointType.BROKER.id());
        }
        if (data.endpointType() != EndpointType.BROKER.id()) {
            return CompletableFuture.completedFuture(response
                    .setErrorCode(Errors.MISMATCHED_ENDPOINT_TYPE.code())
                    .setErrorMessage("this is a broker endpoint, but the request asks for endpoint type "
                            + EndpointType.fromId(data.endpointType())));
        }
        ClusterMetadata metadata = cluster.metadata();
        metadata.nodes().values().stream()
                .sorted(Comparator.comparingInt(NodeDescription::getNodeId))
                .filter(node -> node.getState() == NodeState.NODE_STATE_UP || data.includeFencedBrokers())
                .forEach(node -> broker(node).ifPresent(response.brokers()::add));
        response.setControllerId(controllerId(metadata, response));
        if (data.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(Utils.to32BitField(
                    CLUSTER_OPERATIONS.stream().map(AclOperation::code).collect(Collectors.toSet())));
        }
        return CompletableFuture.completedFuture(response);
    }

    private int controllerId(ClusterMetadata metadata, DescribeClusterResponseData response) {
        int controller = metadata.controller().getNodeId();
        DescribeClusterBroker listed = response.brokers().find(controller);
        return listed != null && !listed.isFenced() ? controller : cluster.localNodeId();
    }

    /** The node as a broker, or empty when it has no (parsable) Kafka listener address. */
    static Optional<DescribeClusterBroker> broker(NodeDescription node) {
        String address = node.getKafkaAddress();
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            return Optional.empty();
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new DescribeClusterBroker()
                .setBrokerId(node.getNodeId())
                .setHost(host)
                .setPort(port)
                .setRack(node.getRack().isEmpty() ? null : node.getRack())
                .setIsFenced(node.getState() != NodeState.NODE_STATE_UP));
    }
}
