package io.strata.api.identity;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which role may make which internal RPC: the one place that decides it.
 *
 * <p>The internal services are {@code strata.v1.MetadataService}, {@code strata.v1.PartitionService}
 * and {@code strata.v1.GroupCoordinatorService}. A method of theirs is allowed to the roles listed
 * here and refused to every other; a method not listed (a new RPC nobody classified) is refused to
 * all: this table fails closed. Methods of other services (the gateway's public
 * {@code strata.v1.GatewayService}, gRPC health) are not internal and not decided here.
 *
 * <p>Checks that depend on state rather than role (that a node acts only as itself, that only the
 * node holding the controller claim elects leaders) are the metadata service's, given the
 * {@link Caller}. Immutable and thread-safe.
 */
public final class RpcPolicy {

    public static final String METADATA = "strata.v1.MetadataService";
    public static final String PARTITION = "strata.v1.PartitionService";
    public static final String COORDINATOR = "strata.v1.GroupCoordinatorService";

    private static final Set<Role> ALL = EnumSet.allOf(Role.class);
    private static final Set<Role> NODE = EnumSet.of(Role.NODE);
    private static final Set<Role> GATEWAY_OR_NODE = EnumSet.of(Role.GATEWAY, Role.NODE);
    /** Made by no service today: replicas follow the metadata (the node's reconciler), not this RPC. */
    private static final Set<Role> NOBODY = EnumSet.noneOf(Role.class);

    private static final Map<String, Set<Role>> ALLOWED = Map.ofEntries(
            Map.entry(METADATA + "/RegisterNode", NODE),
            Map.entry(METADATA + "/Heartbeat", NODE),
            Map.entry(METADATA + "/ClaimController", NODE),
            Map.entry(METADATA + "/ElectLeaders", NODE),
            Map.entry(METADATA + "/AlterPartition", NODE),
            Map.entry(METADATA + "/AlterPartitions", NODE),
            Map.entry(METADATA + "/CreateTopic", GATEWAY_OR_NODE),
            Map.entry(METADATA + "/DeleteTopic", GATEWAY_OR_NODE),
            Map.entry(METADATA + "/CreatePartitions", GATEWAY_OR_NODE),
            Map.entry(METADATA + "/AlterConfigs", GATEWAY_OR_NODE),
            Map.entry(METADATA + "/AlterClusterConfigs", GATEWAY_OR_NODE),
            Map.entry(METADATA + "/AllocateProducerIds", GATEWAY_OR_NODE),
            Map.entry(METADATA + "/DescribeConfigs", ALL),
            Map.entry(METADATA + "/DescribeCluster", ALL),
            Map.entry(METADATA + "/DescribeTopics", ALL),
            Map.entry(METADATA + "/WatchMetadata", ALL),
            // SCRAM keys let their holder authenticate users: only the services that serve clients.
            Map.entry(METADATA + "/UpsertScramCredential", GATEWAY_OR_NODE),
            Map.entry(METADATA + "/DeleteScramCredential", GATEWAY_OR_NODE),
            Map.entry(METADATA + "/DescribeScramCredentials", GATEWAY_OR_NODE),
            // ACLs decide what clients may do: only the services that serve clients read or change them.
            Map.entry(METADATA + "/CreateAcls", GATEWAY_OR_NODE),
            Map.entry(METADATA + "/DescribeAcls", GATEWAY_OR_NODE),
            Map.entry(METADATA + "/DeleteAcls", GATEWAY_OR_NODE),
            // Admin operations that move data between nodes: the services that serve admin clients.
            Map.entry(METADATA + "/AlterPartitionReassignments", GATEWAY_OR_NODE),
            Map.entry(METADATA + "/ListPartitionReassignments", GATEWAY_OR_NODE),
            // Preferred-leader election on request: the gateway (REST), a node's Kafka listener
            // (ElectLeaders) and the controller after a balance run.
            Map.entry(METADATA + "/ElectPreferredLeaders", GATEWAY_OR_NODE),
            // Quotas are enforced where clients are served: only those services read or change them.
            Map.entry(METADATA + "/AlterClientQuotas", GATEWAY_OR_NODE),
            Map.entry(METADATA + "/DescribeClientQuotas", GATEWAY_OR_NODE),
            Map.entry(PARTITION + "/Append", GATEWAY_OR_NODE),
            Map.entry(PARTITION + "/Fetch", ALL),
            Map.entry(PARTITION + "/FetchPartitions", ALL),
            Map.entry(PARTITION + "/ListOffsets", ALL),
            Map.entry(PARTITION + "/ListReplicas", ALL),
            Map.entry(PARTITION + "/ReplicaFetch", NODE),
            Map.entry(PARTITION + "/OffsetForLeaderEpoch", NODE),
            Map.entry(PARTITION + "/OffsetsForLeaderEpochs", NODE),
            Map.entry(PARTITION + "/CreateReplica", NOBODY),
            Map.entry(PARTITION + "/DeleteReplica", NOBODY),
            Map.entry(COORDINATOR + "/Heartbeat", GATEWAY_OR_NODE),
            Map.entry(COORDINATOR + "/CommitOffsets", GATEWAY_OR_NODE),
            Map.entry(COORDINATOR + "/FetchOffsets", GATEWAY_OR_NODE),
            Map.entry(COORDINATOR + "/ListGroups", GATEWAY_OR_NODE),
            Map.entry(COORDINATOR + "/DescribeGroups", GATEWAY_OR_NODE),
            Map.entry(COORDINATOR + "/DeleteGroup", GATEWAY_OR_NODE),
            Map.entry(COORDINATOR + "/ResetOffsets", GATEWAY_OR_NODE),
            Map.entry(COORDINATOR + "/DeleteOffsets", GATEWAY_OR_NODE),
            Map.entry(COORDINATOR + "/AssignmentHistory", GATEWAY_OR_NODE),
            Map.entry(COORDINATOR + "/CreateConsumerInstance", GATEWAY_OR_NODE),
            Map.entry(COORDINATOR + "/GetConsumerInstance", GATEWAY_OR_NODE),
            Map.entry(COORDINATOR + "/UpdateConsumerInstance", GATEWAY_OR_NODE),
            Map.entry(COORDINATOR + "/DeleteConsumerInstance", GATEWAY_OR_NODE),
            Map.entry(COORDINATOR + "/ListConsumerInstances", GATEWAY_OR_NODE));

    private RpcPolicy() {
    }

    /** Whether {@code fullMethodName} ("package.Service/Method") belongs to an internal service. */
    public static boolean isInternal(String fullMethodName) {
        String service = fullMethodName.substring(0, Math.max(0, fullMethodName.indexOf('/')));
        return service.equals(METADATA) || service.equals(PARTITION) || service.equals(COORDINATOR);
    }

    /** The roles allowed to make an internal RPC (empty for one nobody may make, or one not listed). */
    public static Set<Role> allowed(String fullMethodName) {
        return ALLOWED.getOrDefault(fullMethodName, NOBODY);
    }

    /** Every internal RPC this table classifies (for the test that it covers the .proto files). */
    public static Set<String> classified() {
        return ALLOWED.keySet();
    }

    /** Why {@code caller} may not make the internal RPC, or empty when it may. */
    public static Optional<String> refusal(String fullMethodName, Caller caller) {
        Set<Role> allowed = allowed(fullMethodName);
        if (allowed.contains(caller.role())) {
            return Optional.empty();
        }
        return Optional.of(caller + " (role " + caller.role().name().toLowerCase(java.util.Locale.ROOT)
                + ") may not call " + fullMethodName + "; "
                + (allowed.isEmpty() ? "no role may" : "only " + names(allowed) + " may"));
    }

    private static String names(Set<Role> roles) {
        return String.join(", ", roles.stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }
}
