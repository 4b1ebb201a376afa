package io.strata.metadata.partition;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.AlterPartitionReassignmentsRequest;
import io.strata.api.v1.AlterPartitionReassignmentsResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.ListPartitionReassignmentsRequest;
import io.strata.api.v1.ListPartitionReassignmentsResponse;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.MetadataSnapshot;
import io.strata.api.v1.OngoingReassignment;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionReassignment;
import io.strata.api.v1.PartitionsChanged;
import io.strata.api.v1.ReassignmentResult;
import io.strata.api.v1.TopicDescription;
import io.strata.api.v1.TopicPartitionDescription;
import io.strata.api.v1.TopicPartitionRef;
import io.strata.metadata.config.MetadataConfig;
import io.strata.metadata.database.ClusterState;
import io.strata.metadata.database.InTurn;
import io.strata.metadata.database.MetadataLog;
import io.strata.metadata.node.Node;
import io.strata.metadata.topic.Topic;
import io.strata.metadata.watch.MetadataWatch;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The AlterPartitionReassignments and ListPartitionReassignments RPCs. Starting, replacing and
 * cancelling run {@link ReassignmentRules} under the metadata lock; completion happens in
 * {@link PartitionService#alterPartition} when the ISR grows (through the same rules), so this
 * class never finishes a move itself. Each partition of a request is answered alone: a refused one
 * (named error) does not stop the others, which change together in one metadata version.
 * Listing reads the watch's cached snapshot, not the database.
 *
 * <p>A request's partitions are loaded with {@link PartitionLookup} (one query per topic) and
 * changed in a plain loop: as one chained stage each, a request of 10,000 moves never completed and
 * left its transaction holding the metadata lock (ReassignmentRpcTest).
 */
@ApplicationScoped
public class ReassignmentService {

    private final MetadataLog log;
    private final MetadataWatch watch;
    private final MetadataConfig config;

    public ReassignmentService(MetadataLog log, MetadataWatch watch, MetadataConfig config) {
        this.log = log;
        this.watch = watch;
        this.config = config;
    }

    @WithTransaction
    public Uni<AlterPartitionReassignmentsResponse> alter(AlterPartitionReassignmentsRequest request) {
        int count = request.getReassignmentsCount();
        if (count == 0 || count > config.maxReassignmentsPerRequest()) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "reassignments: " + count
                    + " partitions; 1 … " + config.maxReassignmentsPerRequest() + " are allowed per request"
                    + " (strata.metadata.max-reassignments-per-request)");
        }
        return log.lock().chain(state -> Node.all().chain(nodes -> PartitionLookup.load(request.getReassignmentsList(),
                PartitionReassignment::getTopic, PartitionReassignment::getPartition).chain(lookup -> {
            Set<Integer> known = nodes.stream().map(node -> node.nodeId).collect(Collectors.toSet());
            List<ReassignmentResult> results = new ArrayList<>(count);
            List<TopicPartitionDescription> changed = new ArrayList<>(count);
            Map<String, Topic> settled = new LinkedHashMap<>(); // topics with a partition whose move ended here
            Set<String> seen = new HashSet<>();
            for (PartitionReassignment one : request.getReassignmentsList()) {
                boolean duplicate = !seen.add(one.getTopic() + "-" + one.getPartition());
                results.add(result(one, () -> apply(lookup, one, known, duplicate, changed, settled)));
            }
            return (changed.isEmpty()
                    ? Uni.createFrom().item(state.metadataVersion)
                    : log.append(state, MetadataChange.newBuilder()
                            .setPartitionsChanged(PartitionsChanged.newBuilder().addAllPartitions(changed)))
                            .map(MetadataChange::getVersion))
                    .chain(version -> settle(state, settled.values(), version))
                    .map(version -> AlterPartitionReassignmentsResponse.newBuilder()
                            .addAllResults(results).setMetadataVersion(version).build());
        })));
    }

    public Uni<ListPartitionReassignmentsResponse> list(ListPartitionReassignmentsRequest request) {
        Set<String> wanted = request.getPartitionsList().stream()
                .map(ref -> ref.getTopic() + "-" + ref.getPartition()).collect(Collectors.toSet());
        return watch.snapshot().map(snapshot -> ongoing(snapshot, wanted));
    }

    private static ListPartitionReassignmentsResponse ongoing(MetadataSnapshot snapshot, Set<String> wanted) {
        ListPartitionReassignmentsResponse.Builder response = ListPartitionReassignmentsResponse.newBuilder()
                .setMetadataVersion(snapshot.getVersion());
        snapshot.getTopicsList().stream().sorted((a, b) -> a.getName().compareTo(b.getName())).forEach(topic -> {
            for (PartitionDescription p : topic.getPartitionsList()) {
                boolean moving = p.getAddingReplicasCount() > 0 || p.getRemovingReplicasCount() > 0;
                if (moving && (wanted.isEmpty() || wanted.contains(topic.getName() + "-" + p.getPartition()))) {
                    response.addReassignments(describe(topic, p));
                }
            }
        });
        return response.build();
    }

    private static OngoingReassignment describe(TopicDescription topic, PartitionDescription p) {
        return OngoingReassignment.newBuilder().setTopic(topic.getName()).setPartition(p.getPartition())
                .addAllReplicas(p.getReplicasList()).addAllAddingReplicas(p.getAddingReplicasList())
                .addAllRemovingReplicas(p.getRemovingReplicasList()).addAllIsr(p.getIsrList()).build();
    }

    /** The stored replication factor of each topic, settled one after the other; the metadata version after them. */
    private Uni<Long> settle(ClusterState state, Collection<Topic> topics, long version) {
        long[] after = {version};
        return InTurn.each(topics, topic -> PartitionService.maybeSettleReplicationFactor(log, state, topic, after[0])
                .invoke(settled -> after[0] = settled)).map(done -> after[0]);
    }

    /** One partition's change, on the partitions {@code lookup} loaded; refusals are StrataExceptions. */
    private static void apply(PartitionLookup lookup, PartitionReassignment one, Set<Integer> known, boolean duplicate,
                              List<TopicPartitionDescription> changed, Map<String, Topic> settled) {
        if (duplicate) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "reassignments: partition "
                    + one.getTopic() + "-" + one.getPartition() + " is listed twice");
        }
        PartitionLookup.Located located = lookup.get(one.getTopic(), one.getPartition());
        Topic topic = located.topic();
        Partition partition = located.partition();
        String name = located.name();
        PartitionState before = partition.state();
        PartitionState after = one.getCancel()
                ? ReassignmentRules.cancel(name, before)
                : ReassignmentRules.reassign(name, before, one.getTargetReplicasList(), known);
        if (!after.equals(before)) {
            partition.apply(after);
            changed.add(PartitionService.describe(topic, partition));
            if (!after.reassigning()) { // completed at once (a smaller target all in sync) or cancelled
                settled.putIfAbsent(topic.name, topic);
            }
        }
    }

    /** The partition's answer: its refusal's code and message, or none when {@code change} went through. */
    private static ReassignmentResult result(PartitionReassignment one, Runnable change) {
        ReassignmentResult.Builder result = ReassignmentResult.newBuilder().setTopic(one.getTopic())
                .setPartition(one.getPartition());
        try {
            change.run();
        } catch (StrataException refused) {
            result.setErrorCode(refused.code()).setErrorMessage(refused.getMessage());
        }
        return result.build();
    }
}
