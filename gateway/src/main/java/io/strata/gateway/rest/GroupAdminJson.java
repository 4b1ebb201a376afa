package io.strata.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.error.StrataException;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.GroupListing;
import io.strata.api.v1.GroupMemberDescription;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.api.v1.PartitionLag;
import io.strata.gateway.group.GroupLags;
import io.strata.api.v1.ResetOffsetsRequest;
import io.strata.api.v1.ResetSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The group admin API's JSON (snake_case): the reset-offsets body read with every field checked,
 * and groups written as the views below. Pure.
 */
public final class GroupAdminJson {

    private GroupAdminJson() {
    }

    @RegisterForReflection
    public record GroupView(String groupId, String state, int memberCount) {
    }

    @RegisterForReflection
    public record PartitionView(String topic, int partition) {
    }

    @RegisterForReflection
    public record MemberView(String memberId, String groupInstanceId, int memberEpoch, String state,
                             List<PartitionView> assignment, List<PartitionView> pendingRevocation) {
    }

    @RegisterForReflection
    public record LagView(String topic, int partition, long committedOffset, long logEndOffset, long lag,
                          String memberId, String metadata) {
    }

    @RegisterForReflection
    public record DescriptionView(String groupId, String state, int groupEpoch, List<MemberView> members,
                                  List<LagView> offsets) {
    }

    public static GroupView group(GroupListing group) {
        return new GroupView(group.getGroupId(), state(group.getState().name()), group.getMemberCount());
    }

    public static DescriptionView description(GroupDescription group) {
        return new DescriptionView(group.getGroupId(), state(group.getState().name()), group.getGroupEpoch(),
                group.getMembersList().stream().map(GroupAdminJson::member).toList(),
                group.getOffsetsList().stream().map(GroupAdminJson::lag).toList());
    }

    private static MemberView member(GroupMemberDescription m) {
        return new MemberView(m.getMemberId(), m.getGroupInstanceId().isEmpty() ? null : m.getGroupInstanceId(),
                m.getMemberEpoch(), m.getState().name().replace("MEMBER_STATE_", "").toLowerCase(Locale.ROOT),
                partitions(m.getAssignmentList()), partitions(m.getPendingRevocationList()));
    }

    private static LagView lag(PartitionLag p) {
        return new LagView(p.getTopic(), p.getPartition(), p.getCommittedOffset(), p.getLogEndOffset(), p.getLag(),
                p.getMemberId().isEmpty() ? null : p.getMemberId(), p.hasMetadata() ? p.getMetadata() : null);
    }

    private static List<PartitionView> partitions(List<GroupTopicPartitions> grouped) {
        List<PartitionView> flat = new ArrayList<>();
        grouped.forEach(t -> t.getPartitionsList().forEach(p -> flat.add(new PartitionView(t.getTopic(), p))));
        return flat;
    }

    private static String state(String name) {
        return name.replace("GROUP_STATE_", "").toLowerCase(Locale.ROOT);
    }

    /**
     * {@code {"to": "earliest|latest|timestamp|offset", "timestamp": ms, "offset": n,
     * "topics": [{"topic": "t", "partitions": [0, 1]}], "dry_run": false}}; a topic without
     * {@code partitions} means all of its partitions.
     */
    public static ResetOffsetsRequest reset(String group, byte[] body) {
        JsonNode root = AdminJson.object(body, Set.of("to", "timestamp", "offset", "topics", "dry_run"));
        ResetOffsetsRequest.Builder request = ResetOffsetsRequest.newBuilder().setGroupId(group);
        JsonNode to = root.get("to");
        String spec = to == null ? "" : to.asText().toLowerCase(Locale.ROOT);
        switch (spec) {
            case "earliest" -> request.setSpec(ResetSpec.RESET_SPEC_EARLIEST);
            case "latest" -> request.setSpec(ResetSpec.RESET_SPEC_LATEST);
            case "timestamp" -> request.setSpec(ResetSpec.RESET_SPEC_TIMESTAMP).setTimestampMs(number(root, "timestamp"));
            case "offset" -> request.setSpec(ResetSpec.RESET_SPEC_OFFSET).setOffset(number(root, "offset"));
            default -> throw ProduceBody.invalid("\"to\" must be earliest, latest, timestamp or offset, got "
                    + (to == null ? "nothing" : to.toString()));
        }
        JsonNode topics = root.get("topics");
        if (topics == null || !topics.isArray() || topics.isEmpty()) {
            throw ProduceBody.invalid("\"topics\" must be a non-empty array of {\"topic\": …, \"partitions\": […]}");
        }
        for (JsonNode topic : topics) {
            request.addPartitions(topicPartitions(topic));
        }
        JsonNode dryRun = root.get("dry_run");
        request.setDryRun(dryRun != null && dryRun.asBoolean(false));
        return request.build();
    }

    private static GroupTopicPartitions topicPartitions(JsonNode topic) {
        if (!topic.isObject() || topic.get("topic") == null || !topic.get("topic").isTextual()) {
            throw ProduceBody.invalid("each entry of \"topics\" must be {\"topic\": name, \"partitions\": [...]}, got " + topic);
        }
        GroupTopicPartitions.Builder entry = GroupTopicPartitions.newBuilder().setTopic(topic.get("topic").textValue());
        JsonNode partitions = topic.get("partitions");
        if (partitions != null && !partitions.isNull()) {
            if (!partitions.isArray()) {
                throw ProduceBody.invalid("\"partitions\" of topic '" + entry.getTopic() + "' must be an array of partition numbers");
            }
            for (JsonNode p : partitions) {
                if (!p.isInt() || p.intValue() < 0) {
                    throw ProduceBody.invalid("\"partitions\" of topic '" + entry.getTopic() + "' must hold partition numbers, got " + p);
                }
                entry.addPartitions(p.intValue());
            }
        }
        return entry.build();
    }

    private static long number(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || !value.isIntegralNumber() || value.longValue() < 0) {
            throw ProduceBody.invalid("\"" + field + "\" must be an integer of 0 or more, got " + (value == null ? "nothing" : value));
        }
        return value.longValue();
    }

    static StrataException notFound(GroupDescription group) {
        return new StrataException(group.getErrorCode(), group.getErrorMessage().isEmpty()
                ? "group '" + group.getGroupId() + "' does not exist" : group.getErrorMessage());
    }

    /** {@code {"groups": ["a", "b", …]}}: the groups whose total lag is asked for (distinct, in order). */
    public static List<String> lagRequest(byte[] body) {
        JsonNode groups = AdminJson.object(body, Set.of("groups")).get("groups");
        if (groups == null || !groups.isArray()) {
            throw ProduceBody.invalid("\"groups\" must be an array of group ids, got " + (groups == null ? "nothing" : groups.toString()));
        }
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
        for (JsonNode group : groups) {
            if (!group.isTextual() || group.asText().isEmpty()) {
                throw ProduceBody.invalid("\"groups\" must hold non-empty strings, got " + group);
            }
            ids.add(group.asText());
        }
        return List.copyOf(ids);
    }

    /** One group's total lag, as {@code POST /admin/groups/lag} answers it. */
    @RegisterForReflection
    public record LagTotalView(String groupId, Long totalLag, int partitions, int partitionsWithoutLag, String errorCode, String error) {
    }

    /** The answer of {@code POST /admin/groups/lag}. */
    @RegisterForReflection
    public record LagTotalsView(List<LagTotalView> groups) {
    }

    public static LagTotalsView lagTotals(List<GroupLags.GroupLag> lags) {
        return new LagTotalsView(lags.stream().map(l -> new LagTotalView(l.groupId(), l.totalLag(), l.partitions(),
                l.partitionsWithoutLag(), l.errorCode() == null ? null : l.errorCode().name(),
                l.error())).toList());
    }
}
