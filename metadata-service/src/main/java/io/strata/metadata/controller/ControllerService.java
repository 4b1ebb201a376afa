package io.strata.metadata.controller;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ClaimControllerRequest;
import io.strata.api.v1.ClaimControllerResponse;
import io.strata.api.v1.ControllerDescription;
import io.strata.api.v1.ElectLeadersRequest;
import io.strata.api.v1.ElectLeadersResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.LeaderElection;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.PartitionsChanged;
import io.strata.api.v1.TopicPartitionDescription;
import io.strata.metadata.config.MetadataConfig;
import io.strata.metadata.database.ClusterState;
import io.strata.metadata.database.MetadataLog;
import io.strata.metadata.node.Node;
import io.strata.metadata.partition.Partition;
import io.strata.metadata.partition.PartitionLookup;
import io.strata.metadata.partition.PartitionService;
import io.strata.metadata.partition.PartitionState;
import io.strata.metadata.topic.TopicService;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The controller's writes: claiming the controller epoch and electing partition leaders, both
 * fenced by {@link ControllerClaim}. Runs under the metadata lock, so a claim and an election from
 * a deposed controller cannot interleave.
 */
@ApplicationScoped
public class ControllerService {

    private static final Logger LOG = Logger.getLogger(ControllerService.class);

    private final MetadataLog log;
    private final TopicService topics;
    private final MetadataConfig config;
    private final Clock clock;

    public ControllerService(MetadataLog log, TopicService topics, MetadataConfig config, Clock clock) {
        this.log = log;
        this.topics = topics;
        this.config = config;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<ClaimControllerResponse> claim(ClaimControllerRequest request) {
        return log.lock().chain(state -> maybeClaim(state, request.getNodeId(), request.getControllerEpoch())
                .map(version -> ClaimControllerResponse.newBuilder()
                        .setController(describe(state))
                        .setMetadataVersion(version)
                        .build()));
    }

    @WithTransaction
    public Uni<ElectLeadersResponse> electLeaders(ElectLeadersRequest request) {
        checkElections(request.getElectionsList());
        return log.lock().chain(state -> maybeClaim(state, request.getNodeId(), request.getControllerEpoch())
                .chain(() -> elect(request.getElectionsList(), state.topicConfigDefaults))
                .chain(changed -> log.append(state, MetadataChange.newBuilder()
                                .setPartitionsChanged(PartitionsChanged.newBuilder().addAllPartitions(changed)))
                        .map(change -> ElectLeadersResponse.newBuilder()
                                .addAllPartitions(changed)
                                .setMetadataVersion(change.getVersion())
                                .build())));
    }

    public static ControllerDescription describe(ClusterState state) {
        return ControllerDescription.newBuilder()
                .setControllerEpoch(state.controllerEpoch)
                .setNodeId(state.controllerNodeId)
                .build();
    }

    /**
     * Checks the claim; records it (a version of its own) when its epoch is new. Returns the
     * current version. The holder's liveness is read only for a claim far ahead of the current
     * epoch, the one case where it decides (so elections cost no extra query).
     */
    private Uni<Long> maybeClaim(ClusterState state, int nodeId, long epoch) {
        long maxJump = config.controllerMaxEpochJump();
        Uni<Boolean> holderLive = epoch - state.controllerEpoch <= maxJump
                ? Uni.createFrom().item(true)
                : Node.<Node>findById(state.controllerNodeId).map(holder -> holder != null
                        && holder.live(clock.millis(), config.lease().toMillis()));
        return holderLive.chain(live -> new ControllerClaim(state.controllerEpoch, state.controllerNodeId, live)
                .check(nodeId, epoch, maxJump) ? claim(state, nodeId, epoch) : Uni.createFrom().item(state.metadataVersion));
    }

    private Uni<Long> claim(ClusterState state, int nodeId, long epoch) {
        LOG.infof("node %d is the controller at epoch %d (was node %d at epoch %d)", nodeId, epoch,
                state.controllerNodeId, state.controllerEpoch);
        state.controllerEpoch = epoch;
        state.controllerNodeId = nodeId;
        return log.append(state, MetadataChange.newBuilder().setController(describe(state))).map(MetadataChange::getVersion);
    }

    /**
     * Applies the elections in request order on partitions loaded together ({@link PartitionLookup}:
     * two queries for the whole batch), each topic's unclean.leader.election.enable taken under
     * these dynamic cluster defaults. An unknown partition fails the whole request, as before. An
     * entry whose partition has moved on from the epochs it names changes nothing ({@link #plannedFrom}).
     */
    private Uni<List<TopicPartitionDescription>> elect(List<LeaderElection> elections, Map<String, String> dynamicDefaults) {
        return PartitionLookup.load(elections, LeaderElection::getTopic, LeaderElection::getPartition).map(lookup -> {
            List<TopicPartitionDescription> changed = new ArrayList<>(elections.size());
            for (LeaderElection election : elections) {
                PartitionLookup.Located located = lookup.get(election.getTopic(), election.getPartition());
                Partition partition = located.partition();
                if (!plannedFrom(partition.state(), election)) {
                    // Planned from an older copy, or sent again after a call that timed out but was applied.
                    LOG.debugf("election of %s skipped: planned at leader epoch %d, partition epoch %d; it is at %d, %d",
                            located.name(), election.getExpectedLeaderEpoch(), election.getExpectedPartitionEpoch(),
                            partition.state().leaderEpoch(), partition.state().partitionEpoch());
                    changed.add(PartitionService.describe(located.topic(), partition));
                    continue;
                }
                partition.apply(election.getFencedCount() > 0
                        ? partition.state().fence(located.name(), election.getLeader(), election.getFencedList())
                        : partition.state().elect(located.name(), election.getLeader(), election.getIsrList(),
                                topics.uncleanElectionAllowed(located.topic(), dynamicDefaults)));
                changed.add(PartitionService.describe(located.topic(), partition));
            }
            return changed;
        });
    }

    /**
     * Whether the partition is still in the state the controller planned {@code election} from:
     * the compare-and-set that keeps an election from being applied twice (leader epoch and
     * partition epoch only grow, so a state that matches has seen no change since the plan).
     */
    static boolean plannedFrom(PartitionState state, LeaderElection election) {
        return (!election.hasExpectedLeaderEpoch() || election.getExpectedLeaderEpoch() == state.leaderEpoch())
                && (!election.hasExpectedPartitionEpoch() || election.getExpectedPartitionEpoch() == state.partitionEpoch());
    }

    private void checkElections(List<LeaderElection> elections) {
        if (elections.isEmpty() || elections.size() > config.maxElectionsPerRequest()) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "elections: " + elections.size()
                    + " elections; 1 … " + config.maxElectionsPerRequest() + " are allowed per request");
        }
        Set<String> seen = new HashSet<>();
        for (LeaderElection election : elections) {
            if (!seen.add(election.getTopic() + "-" + election.getPartition())) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "elections: partition " + election.getTopic()
                        + "-" + election.getPartition() + " is listed twice");
            }
        }
    }
}
