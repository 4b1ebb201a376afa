package io.strata.kafka.admin;

import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.admin.Outcomes.Failure;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.ControlPlane;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.DeleteTopicsRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * DeleteTopics (v1–v6): one metadata-service DeleteTopic per topic, each answered on its own. From
 * v6 a topic may be named by id instead; the id is resolved to a name in this node's metadata view
 * (UNKNOWN_TOPIC_ID when the view has no such topic), so a topic created an instant ago through
 * another node may not be found yet, as with a Kafka broker whose metadata lags. Stateless.
 */
final class DeleteTopicsHandler implements KafkaApiHandler {

    private static final short FIRST_VERSION_WITH_IDS = 6;

    private final ControlPlane cluster;

    DeleteTopicsHandler(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.DELETE_TOPICS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.DELETE_TOPICS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        // topics() reads v1–v5's plain names and v6's name-or-id entries alike.
        List<DeleteTopicState> topics = ((DeleteTopicsRequest) request.body()).topics();
        Set<String> duplicated = Outcomes.duplicates(topics, DeleteTopicState::name);
        List<CompletionStage<DeletableTopicResult>> results = new ArrayList<>(topics.size());
        for (DeleteTopicState topic : topics) {
            results.add(delete(topic, duplicated, request.version()));
        }
        return Outcomes.all(results).thenApply(deleted -> {
            DeleteTopicsResponseData response = new DeleteTopicsResponseData();
            deleted.forEach(response.responses()::add);
            return response;
        });
    }

    private CompletionStage<DeletableTopicResult> delete(DeleteTopicState topic, Set<String> duplicated, short version) {
        DeletableTopicResult result = new DeletableTopicResult().setName(topic.name());
        if (version >= FIRST_VERSION_WITH_IDS) {
            result.setTopicId(topic.topicId());
        }
        return Outcomes.attempt(() -> {
            String name = resolveName(topic, duplicated);
            result.setName(name);
            return cluster.deleteTopic(DeleteTopicRequest.newBuilder().setName(name).build());
        }).thenCompose(deleted -> {
            if (version >= FIRST_VERSION_WITH_IDS) {
                result.setTopicId(TopicIds.toKafka(deleted.getTopicId()));
            }
            return cluster.awaitVersion(deleted.getMetadataVersion());
        }).handle((ignored, failure) -> {
            if (failure != null) {
                Failure error = Failure.of(failure);
                result.setErrorCode(error.code()).setErrorMessage(error.message());
            }
            return result;
        });
    }

    private String resolveName(DeleteTopicState topic, Set<String> duplicated) {
        boolean byId = !Uuid.ZERO_UUID.equals(topic.topicId());
        if (byId && topic.name() != null) {
            throw new InvalidRequestException("topic '" + topic.name() + "' is given both by name and by id "
                    + topic.topicId() + "; give one");
        }
        if (!byId) {
            if (topic.name() == null) {
                throw new InvalidRequestException("a topic is given neither by name nor by id");
            }
            if (duplicated.contains(topic.name())) {
                throw new InvalidRequestException("topic '" + topic.name() + "' appears more than once in the request");
            }
            return topic.name();
        }
        return TopicIds.find(cluster.metadata(), topic.topicId())
                .map(TopicDescription::getName)
                .orElseThrow(() -> new UnknownTopicIdException("no topic has id " + topic.topicId()));
    }
}
