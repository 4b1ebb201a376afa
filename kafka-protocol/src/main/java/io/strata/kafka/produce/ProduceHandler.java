package io.strata.kafka.produce;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.api.PartitionAnswers;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.backend.LocalPartitions;
import io.strata.kafka.error.KafkaErrors;
import io.strata.kafka.metadata.BrokerEndpoint;
import io.strata.kafka.metadata.LeaderHint;
import io.strata.kafka.metadata.TopicIds;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.LeaderIdAndEpoch;
import org.apache.kafka.common.message.ProduceResponseData.NodeEndpoint;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.ProduceRequest;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Produce: each partition's batches go to {@link LocalPartitions#append} on this node's leader
 * replica, all partitions of one request at once; the answer waits for every one of them.
 *
 * <p>Versions: v0–v13 are advertised, as Kafka 4 does, because librdkafka up to 2.x will not
 * compress unless the broker lists Produce v0 (KAFKA-18659); it never sends v0–v2 to a broker that
 * also lists v3+. kafka-clients has no schema for v0–v2 any more, so such a request does not
 * decode and its connection closes (Kafka 4.1 disconnects too); the version check here is the
 * backstop should one ever be decoded. v13 names topics by id, resolved through this node's metadata (an unknown id is
 * UNKNOWN_TOPIC_ID). Each partition gets its own code from {@link KafkaErrors}; a
 * NOT_LEADER_OR_FOLLOWER answer carries the current leader and its endpoint (KIP-951) so the
 * producer redirects at once. acks=0 is appended like any other; the dispatcher writes no answer.
 *
 * <p>Every append is issued within {@link #handle}, before it returns, in request order: with the
 * connection dispatching frames in arrival order, a producer's pipelined batches reach the log in
 * sequence. Stateless apart from its backends; thread-safe. Never blocks: appends answer with stages.
 */
final class ProduceHandler implements KafkaApiHandler {

    /** The first version with message format v2, the only one the log stores. */
    static final short MIN_SERVED_VERSION = 3;

    private final LocalPartitions partitions;
    private final ControlPlane controlPlane;

    ProduceHandler(LocalPartitions partitions, ControlPlane controlPlane) {
        this.partitions = partitions;
        this.controlPlane = controlPlane;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return ApiKeys.PRODUCE.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        ProduceRequest body = (ProduceRequest) request.body();
        ProduceRequestData data = body.data();
        short version = request.version();
        ClusterMetadata metadata = controlPlane.metadata();
        Map<Uuid, TopicDescription> byId = version >= 13 ? TopicIds.byId(metadata) : Map.of();
        PartitionAnswers<PartitionProduceResponse> answers = new PartitionAnswers<>();
        List<TopicProduceResponse> topics = new ArrayList<>();
        Map<TopicProduceResponse, String> names = new IdentityHashMap<>();
        for (TopicProduceData topic : data.topicData()) {
            TopicProduceResponse answer = new TopicProduceResponse().setName(topic.name()).setTopicId(topic.topicId());
            topics.add(answer);
            String name = version >= 13
                    ? Optional.ofNullable(byId.get(topic.topicId())).map(TopicDescription::getName).orElse(null)
                    : topic.name();
            if (name != null) {
                names.put(answer, name);
            }
            for (PartitionProduceData partition : topic.partitionData()) {
                answers.add(answer.partitionResponses(),
                        produce(name, topic.topicId(), partition, body.acks(), data.timeoutMs(), version));
            }
        }
        return answers.into(topics).thenApply(filled -> response(filled, metadata, names));
    }

    private CompletableFuture<PartitionProduceResponse> produce(String name, Uuid topicId, PartitionProduceData partition,
                                                                short acks, int timeoutMs, short version) {
        if (version < MIN_SERVED_VERSION) {
            return failed(partition.index(), Errors.UNSUPPORTED_VERSION,
                    "Produce v" + version + " (message format v0/v1) is not supported; use v3 or later");
        }
        if (acks != 0 && acks != 1 && acks != -1) {
            return failed(partition.index(), Errors.INVALID_REQUIRED_ACKS, "acks must be -1, 0 or 1, not " + acks);
        }
        if (name == null) {
            return failed(partition.index(), Errors.UNKNOWN_TOPIC_ID, "no topic has id " + topicId);
        }
        return append(new TopicPartition(name, partition.index()), partition, acks, timeoutMs, version);
    }

    private CompletableFuture<PartitionProduceResponse> append(TopicPartition tp, PartitionProduceData partition, short acks,
                                                               int timeoutMs, short version) {
        if (!(partition.records() instanceof MemoryRecords records)) {
            return failed(tp.partition(), Errors.INVALID_RECORD, "the request carries no records for " + tp);
        }
        try {
            ProduceRequest.validateRecords(version, records);
        } catch (RuntimeException e) {
            return failed(tp.partition(), KafkaErrors.of(e), KafkaErrors.message(e));
        }
        return partitions.append(tp, records.buffer().duplicate(), acks, timeoutMs).handle((appended, failure) -> {
            if (failure != null) {
                return errorResponse(tp.partition(), KafkaErrors.of(failure), KafkaErrors.message(failure));
            }
            return new PartitionProduceResponse().setIndex(tp.partition())
                    .setErrorCode(Errors.NONE.code())
                    .setBaseOffset(appended.baseOffset())
                    .setLogAppendTimeMs(-1)
                    .setLogStartOffset(appended.logStartOffset());
        }).toCompletableFuture();
    }

    private static ProduceResponseData response(List<TopicProduceResponse> topics, ClusterMetadata metadata,
                                                Map<TopicProduceResponse, String> names) {
        ProduceResponseData response = new ProduceResponseData().setThrottleTimeMs(0);
        Map<Integer, BrokerEndpoint> endpoints = new TreeMap<>();
        for (TopicProduceResponse topic : topics) {
            String name = names.get(topic);
            for (PartitionProduceResponse partition : topic.partitionResponses()) {
                if (name != null && partition.errorCode() == Errors.NOT_LEADER_OR_FOLLOWER.code()) {
                    LeaderHint.of(metadata, name, partition.index()).ifPresent(hint -> {
                        partition.setCurrentLeader(new LeaderIdAndEpoch().setLeaderId(hint.leaderId()).setLeaderEpoch(hint.leaderEpoch()));
                        hint.endpoint().ifPresent(e -> endpoints.put(e.nodeId(), e));
                    });
                }
            }
            response.responses().add(topic);
        }
        endpoints.values().forEach(e -> response.nodeEndpoints().add(
                new NodeEndpoint().setNodeId(e.nodeId()).setHost(e.host()).setPort(e.port()).setRack(e.rack())));
        return response;
    }

    private static CompletableFuture<PartitionProduceResponse> failed(int partition, Errors error, String message) {
        return CompletableFuture.completedFuture(errorResponse(partition, error, message));
    }

    private static PartitionProduceResponse errorResponse(int partition, Errors error, String message) {
        return new PartitionProduceResponse().setIndex(partition)
                .setErrorCode(error.code())
                .setErrorMessage(message)
                .setBaseOffset(-1)
                .setLogAppendTimeMs(-1)
                .setLogStartOffset(-1);
    }
}
