package io.strata.kafka.group;

import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.backend.GroupBackend;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * OffsetFetch v1 and up: one group (v1–v7) or several (v8+), named topics or all the group has,
 * topics by name or (v10) by id. Answered from the coordinator's FetchOffsets; a partition with
 * nothing committed answers offset −1 and no metadata. {@code require_stable} is not needed: the
 * coordinator stores a commit's partitions in one transaction, so there is no pending offset to
 * wait for. A failure for a whole group is that group's error (v2+), or every partition's (v1).
 * Stateless.
 */
final class OffsetFetchApi {

    /** One group's question: its topics, or null for every partition it has an offset for. */
    private record GroupQuery(String groupId, List<TopicQuery> topics) {
    }

    /** A topic asked for; {@code name} is null when its id is unknown here. */
    private record TopicQuery(String name, Uuid id, List<Integer> partitions) {
    }

    /** One group's answer: per topic (request order, or the coordinator's) its partitions. */
    private record GroupAnswer(String groupId, Errors error, Map<TopicQuery, List<OffsetFetchResponsePartitions>> topics) {
    }

    private final GroupBackend coordinator;
    private final ControlPlane cluster;

    OffsetFetchApi(GroupBackend coordinator, ControlPlane cluster) {
        this.coordinator = coordinator;
        this.cluster = cluster;
    }

    CompletionStage<ApiMessage> fetch(KafkaRequest request) {
        short version = request.version();
        TopicIds ids = new TopicIds(cluster.metadata());
        List<GroupQuery> queries = queries(request.data(), version, ids);
        List<CompletableFuture<GroupAnswer>> answers = new ArrayList<>();
        for (GroupQuery query : queries) {
            answers.add(answer(query, ids).toCompletableFuture());
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<GroupAnswer> groups = answers.stream().map(CompletableFuture::join).toList();
            return version >= 8 ? batched(groups) : single(groups.get(0), version);
        });
    }

    private static List<GroupQuery> queries(OffsetFetchRequestData data, short version, TopicIds ids) {
        List<GroupQuery> queries = new ArrayList<>();
        if (version < 8) {
            List<TopicQuery> topics = null;
            if (data.topics() != null) {
                topics = new ArrayList<>();
                for (OffsetFetchRequestTopic topic : data.topics()) {
                    topics.add(new TopicQuery(topic.name(), Uuid.ZERO_UUID, topic.partitionIndexes()));
                }
            }
            queries.add(new GroupQuery(data.groupId(), topics));
            return queries;
        }
        for (OffsetFetchRequestGroup group : data.groups()) {
            List<TopicQuery> topics = null;
            if (group.topics() != null) {
                topics = new ArrayList<>();
                for (OffsetFetchRequestTopics topic : group.topics()) {
                    String name = version >= 10 ? ids.name(topic.topicId()).orElse(null) : topic.name();
                    topics.add(new TopicQuery(name, topic.topicId(), topic.partitionIndexes()));
                }
            }
            queries.add(new GroupQuery(group.groupId(), topics));
        }
        return queries;
    }

    private CompletionStage<GroupAnswer> answer(GroupQuery query, TopicIds ids) {
        FetchOffsetsRequest.Builder fetch = FetchOffsetsRequest.newBuilder().setGroupId(query.groupId());
        if (query.topics() != null) {
            for (TopicQuery topic : query.topics()) {
                if (topic.name() != null) {
                    fetch.addPartitions(GroupTopicPartitions.newBuilder().setTopic(topic.name())
                            .addAllPartitions(topic.partitions()));
                }
            }
            if (fetch.getPartitionsCount() == 0) {
                return CompletableFuture.completedFuture(fill(query, Map.of()));
            }
        }
        return coordinator.fetchOffsets(fetch.build()).handle((response, failure) -> {
            if (failure != null) {
                // v1 has no group error: the partitions asked for carry it (see single()).
                Map<TopicQuery, List<OffsetFetchResponsePartitions>> asked =
                        query.topics() == null ? Map.of() : fill(query, Map.of()).topics();
                return new GroupAnswer(query.groupId(), KafkaErrors.of(failure), asked);
            }
            Map<String, Map<Integer, CommittedOffset>> byTopic = new LinkedHashMap<>();
            for (CommittedOffset offset : response.getOffsetsList()) {
                byTopic.computeIfAbsent(offset.getTopic(), t -> new LinkedHashMap<>()).put(offset.getPartition(), offset);
            }
            if (query.topics() != null) {
                return fill(query, byTopic);
            }
            Map<TopicQuery, List<OffsetFetchResponsePartitions>> all = new LinkedHashMap<>();
            byTopic.forEach((topic, offsets) -> {
                TopicQuery asked = new TopicQuery(topic, ids.id(topic), List.copyOf(offsets.keySet()));
                all.put(asked, partitions(asked, offsets));
            });
            return new GroupAnswer(query.groupId(), Errors.NONE, all);
        });
    }

    /** The answer to named topics, in request order; unknown topic ids answer UNKNOWN_TOPIC_ID. */
    private static GroupAnswer fill(GroupQuery query, Map<String, Map<Integer, CommittedOffset>> byTopic) {
        Map<TopicQuery, List<OffsetFetchResponsePartitions>> topics = new LinkedHashMap<>();
        for (TopicQuery topic : query.topics()) {
            if (topic.name() == null) {
                List<OffsetFetchResponsePartitions> unknown = new ArrayList<>();
                topic.partitions().forEach(p -> unknown.add(partition(p, null).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())));
                topics.put(topic, unknown);
            } else {
                topics.put(topic, partitions(topic, byTopic.getOrDefault(topic.name(), Map.of())));
            }
        }
        return new GroupAnswer(query.groupId(), Errors.NONE, topics);
    }

    private static List<OffsetFetchResponsePartitions> partitions(TopicQuery topic, Map<Integer, CommittedOffset> offsets) {
        List<OffsetFetchResponsePartitions> partitions = new ArrayList<>();
        for (int index : topic.partitions()) {
            partitions.add(partition(index, offsets.get(index)));
        }
        return partitions;
    }

    private static OffsetFetchResponsePartitions partition(int index, CommittedOffset offset) {
        boolean committed = offset != null && offset.getOffset() >= 0;
        return new OffsetFetchResponsePartitions()
                .setPartitionIndex(index)
                .setCommittedOffset(committed ? offset.getOffset() : -1)
                .setCommittedLeaderEpoch(RecordBatch.NO_PARTITION_LEADER_EPOCH)
                .setMetadata(committed && offset.hasMetadata() ? offset.getMetadata() : "")
                .setErrorCode(Errors.NONE.code());
    }

    private static OffsetFetchResponseData batched(List<GroupAnswer> answers) {
        List<OffsetFetchResponseGroup> groups = new ArrayList<>();
        for (GroupAnswer answer : answers) {
            List<OffsetFetchResponseTopics> topics = new ArrayList<>();
            answer.topics().forEach((topic, partitions) -> topics.add(new OffsetFetchResponseTopics()
                    .setName(topic.name() == null ? "" : topic.name())
                    .setTopicId(topic.id())
                    .setPartitions(partitions)));
            groups.add(new OffsetFetchResponseGroup().setGroupId(answer.groupId()).setErrorCode(answer.error().code())
                    .setTopics(topics));
        }
        return new OffsetFetchResponseData().setGroups(groups);
    }

    private static OffsetFetchResponseData single(GroupAnswer answer, short version) {
        List<OffsetFetchResponseTopic> topics = new ArrayList<>();
        answer.topics().forEach((topic, partitions) -> {
            List<OffsetFetchResponsePartition> single = new ArrayList<>();
            for (OffsetFetchResponsePartitions p : partitions) {
                single.add(new OffsetFetchResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setCommittedOffset(p.committedOffset())
                        .setCommittedLeaderEpoch(p.committedLeaderEpoch())
                        .setMetadata(p.metadata())
                        .setErrorCode(version < 2 && answer.error() != Errors.NONE ? answer.error().code() : p.errorCode()));
            }
            topics.add(new OffsetFetchResponseTopic().setName(topic.name()).setPartitions(single));
        });
        OffsetFetchResponseData response = new OffsetFetchResponseData().setTopics(topics);
        return version >= 2 ? response.setErrorCode(answer.error().code()) : response;
    }
}
