package io.strata.gateway.group;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.ListOffsetsRequest;
import io.strata.api.v1.OffsetSpec;
import io.strata.api.v1.PartitionLag;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.routing.Deadline;
import io.strata.gateway.routing.MetadataCache;
import io.strata.gateway.routing.PartitionRouter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The total lag of many groups in one call ({@code POST /admin/groups/lag}): one DescribeGroups of
 * all of them without lag (committed offsets only), then one ListOffsets(latest) per distinct
 * partition any of them committed on, {@code admin-lag-concurrency} at a time, however many groups
 * share it. A group's total is the sum over its committed partitions of log end offset − committed
 * offset, as the coordinator counts a group's lag; partitions whose leader did not answer are left
 * out of the sum and counted. Thread-safe (stateless).
 */
@ApplicationScoped
public class GroupLags {

    @Inject
    CoordinatorClient coordinator;
    @Inject
    PartitionRouter router;
    @Inject
    MetadataCache cache;
    @Inject
    GatewayConfig config;

    /** A partition of a topic. */
    record TopicPartition(String topic, int partition) {
    }

    /**
     * One group's lag: {@code totalLag} null with {@code errorCode} when the group is unknown;
     * {@code partitions} committed ones, {@code partitionsWithoutLag} of them left out of the sum.
     */
    public record GroupLag(String groupId, Long totalLag, int partitions, int partitionsWithoutLag, ErrorCode errorCode, String error) {
    }

    public Uni<List<GroupLag>> lags(List<String> groups) {
        if (groups.size() > config.adminLagMaxGroups()) {
            return Uni.createFrom().failure(new StrataException(ErrorCode.INVALID_REQUEST, "groups: " + groups.size()
                    + " groups named; the most is " + config.adminLagMaxGroups() + " (strata.gateway.admin-lag-max-groups)"));
        }
        if (groups.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Deadline deadline = Deadline.after(config.requestTimeout());
        return coordinator.stub().describeGroups(DescribeGroupsRequest.newBuilder().addAllGroupIds(groups).setIncludeLag(false).build())
                .chain(described -> logEndOffsets(committedPartitions(described.getGroupsList()), deadline)
                        .map(ends -> described.getGroupsList().stream().map(g -> total(g, ends)).toList()));
    }

    private static Set<TopicPartition> committedPartitions(List<GroupDescription> groups) {
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        groups.forEach(g -> g.getOffsetsList().forEach(o -> {
            if (o.getCommittedOffset() >= 0) {
                partitions.add(new TopicPartition(o.getTopic(), o.getPartition()));
            }
        }));
        return partitions;
    }

    /** Each partition's log end offset; a partition whose leader did not answer is absent. */
    private Uni<Map<TopicPartition, Long>> logEndOffsets(Set<TopicPartition> partitions, Deadline deadline) {
        Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
        ClusterMetadata view = cache.current();
        List<TopicPartition> known = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (view.topics().containsKey(tp.topic()) && tp.partition() < view.topics().get(tp.topic()).getPartitionsCount()) {
                known.add(tp);
            }
        }
        return Multi.createFrom().iterable(known)
                .onItem().transformToUni(tp -> router.call(tp.topic(), tp.partition(), deadline,
                                stub -> stub.listOffsets(ListOffsetsRequest.newBuilder().setTopic(tp.topic()).setPartition(tp.partition())
                                        .setSpec(OffsetSpec.OFFSET_SPEC_LATEST).build()))
                        .invoke(r -> ends.put(tp, r.getOffset()))
                        .replaceWithVoid()
                        .onFailure().recoverWithNull())
                .merge(config.adminLagConcurrency())
                .collect().last()
                .map(ignored -> ends);
    }

    private static GroupLag total(GroupDescription group, Map<TopicPartition, Long> ends) {
        if (group.getErrorCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
            return new GroupLag(group.getGroupId(), null, 0, 0, group.getErrorCode(), group.getErrorMessage());
        }
        long total = 0;
        int committed = 0;
        int missing = 0;
        for (PartitionLag offset : group.getOffsetsList()) {
            if (offset.getCommittedOffset() < 0) {
                continue;
            }
            committed++;
            Long end = ends.get(new TopicPartition(offset.getTopic(), offset.getPartition()));
            if (end == null) {
                missing++;
            } else {
                total += end - offset.getCommittedOffset();
            }
        }
        return new GroupLag(group.getGroupId(), total, committed, missing, null, null);
    }
}
