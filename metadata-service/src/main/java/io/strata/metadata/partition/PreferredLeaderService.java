package io.strata.metadata.partition;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ElectPreferredLeadersRequest;
import io.strata.api.v1.ElectPreferredLeadersResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.PartitionsChanged;
import io.strata.api.v1.PreferredLeaderResult;
import io.strata.api.v1.TopicPartitionDescription;
import io.strata.api.v1.TopicPartitionRef;
import io.strata.metadata.config.MetadataConfig;
import io.strata.metadata.database.MetadataLog;
import io.strata.metadata.node.Node;
import io.strata.metadata.topic.Topic;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ElectPreferredLeaders RPC (Kafka's ElectLeaders, election type PREFERRED): each partition's
 * first replica made its leader by {@link PartitionState#electPreferred} under the metadata lock,
 * the changed partitions in one metadata version. Each partition is answered alone. Without
 * partitions every partition of the cluster is tried (read in the same transaction) and those
 * that needed nothing are left out of the answer, as Kafka does.
 *
 * <p>Only a preferred replica that is UP and in the ISR takes over, so no acknowledged record is
 * lost; the old leader is fenced by the new leader epoch.
 *
 * <p>The named partitions are loaded with {@link PartitionLookup} (one query per topic) and
 * elected in a plain loop. Each partition's election was once one more stage chained onto a single
 * Uni: over 10,000 partitions (the all-partitions form on a large cluster) that chain never
 * completed, and its transaction stayed open holding the metadata lock, so every later metadata
 * write waited behind it (PreferredLeaderRpcTest). Stateless; thread-safe.
 */
@ApplicationScoped
public class PreferredLeaderService {

    private final MetadataLog log;
    private final MetadataConfig config;

    public PreferredLeaderService(MetadataLog log, MetadataConfig config) {
        this.log = log;
        this.config = config;
    }

    @WithTransaction
    public Uni<ElectPreferredLeadersResponse> elect(ElectPreferredLeadersRequest request) {
        int count = request.getPartitionsCount();
        if (count > config.maxReassignmentsPerRequest()) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "partitions: " + count + "; at most "
                    + config.maxReassignmentsPerRequest() + " are allowed per request"
                    + " (strata.metadata.max-reassignments-per-request; none means all)");
        }
        if (count > 0) {
            return electAll(request.getPartitionsList(), false);
        }
        return Topic.all().chain(topics -> electAll(everyPartition(topics), true));
    }

    private static List<TopicPartitionRef> everyPartition(List<Topic> topics) {
        List<TopicPartitionRef> all = new ArrayList<>();
        topics.stream().sorted(Comparator.comparing((Topic t) -> t.name)).forEach(topic -> {
            for (int p = 0; p < topic.partitionCount; p++) {
                all.add(TopicPartitionRef.newBuilder().setTopic(topic.name).setPartition(p).build());
            }
        });
        return all;
    }

    private Uni<ElectPreferredLeadersResponse> electAll(List<TopicPartitionRef> partitions, boolean quietWhenNotNeeded) {
        return log.lock().chain(state -> Node.live().chain(nodes -> PartitionLookup.load(partitions,
                TopicPartitionRef::getTopic, TopicPartitionRef::getPartition).chain(lookup -> {
            Set<Integer> up = nodes.stream().map(node -> node.nodeId).collect(Collectors.toSet());
            List<PreferredLeaderResult> results = new ArrayList<>(partitions.size());
            List<TopicPartitionDescription> changed = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (TopicPartitionRef ref : partitions) {
                boolean duplicate = !seen.add(ref.getTopic() + "-" + ref.getPartition());
                PreferredLeaderResult result = result(ref, () -> apply(lookup, ref, up, duplicate, changed));
                if (!quietWhenNotNeeded || result.getErrorCode() != ErrorCode.ELECTION_NOT_NEEDED) {
                    results.add(result);
                }
            }
            return (changed.isEmpty()
                    ? Uni.createFrom().item(state.metadataVersion)
                    : log.append(state, MetadataChange.newBuilder()
                            .setPartitionsChanged(PartitionsChanged.newBuilder().addAllPartitions(changed)))
                            .map(MetadataChange::getVersion))
                    .map(version -> ElectPreferredLeadersResponse.newBuilder()
                            .addAllResults(results).setMetadataVersion(version).build());
        })));
    }

    /** One partition's election, on the partitions {@code lookup} loaded; refusals are StrataExceptions. */
    private static void apply(PartitionLookup lookup, TopicPartitionRef ref, Set<Integer> up, boolean duplicate,
                              List<TopicPartitionDescription> changed) {
        if (duplicate) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "partitions: "
                    + ref.getTopic() + "-" + ref.getPartition() + " is listed twice");
        }
        PartitionLookup.Located located = lookup.get(ref.getTopic(), ref.getPartition());
        Partition partition = located.partition();
        partition.apply(partition.state().electPreferred(located.name(), up));
        changed.add(PartitionService.describe(located.topic(), partition));
    }

    /** The partition's answer: its refusal's code and message, or none when {@code election} changed it. */
    private static PreferredLeaderResult result(TopicPartitionRef ref, Runnable election) {
        PreferredLeaderResult.Builder result = PreferredLeaderResult.newBuilder().setTopic(ref.getTopic())
                .setPartition(ref.getPartition());
        try {
            election.run();
        } catch (StrataException refused) {
            result.setErrorCode(refused.code()).setErrorMessage(refused.getMessage());
        }
        return result.build();
    }
}
