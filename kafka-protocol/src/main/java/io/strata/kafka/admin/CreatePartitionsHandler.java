package io.strata.kafka.admin;

import io.strata.api.v1.CreatePartitionsRequest;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.admin.Outcomes.Failure;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.ControlPlane;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * CreatePartitions (v0–v3): raises each topic's partition count to the requested total with one
 * metadata-service CreatePartitions per topic. Explicit assignments are refused (INVALID_REQUEST):
 * the service places new replicas itself.
 *
 * <p>validate_only: the service's CreatePartitions has no dry run, so it is answered here from this
 * node's metadata view: the topic must exist and the count must be more than its current one. The
 * service's other checks (the per-topic partition limit, enough live nodes for the replication
 * factor) are not made, so a validated request may still be refused when sent for real.
 * Stateless.
 */
final class CreatePartitionsHandler implements KafkaApiHandler {

    private final ControlPlane cluster;

    CreatePartitionsHandler(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.CREATE_PARTITIONS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.CREATE_PARTITIONS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        CreatePartitionsRequestData data = request.data();
        Set<String> duplicated = Outcomes.duplicates(data.topics(), CreatePartitionsTopic::name);
        List<CompletionStage<CreatePartitionsTopicResult>> results = new ArrayList<>();
        for (CreatePartitionsTopic topic : data.topics()) {
            results.add(grow(topic, duplicated, data.validateOnly()));
        }
        return Outcomes.all(results).thenApply(grown -> {
            CreatePartitionsResponseData response = new CreatePartitionsResponseData();
            response.results().addAll(grown);
            return response;
        });
    }

    private CompletionStage<CreatePartitionsTopicResult> grow(CreatePartitionsTopic topic, Set<String> duplicated,
                                                              boolean validateOnly) {
        return Outcomes.attempt(() -> {
            if (duplicated.contains(topic.name())) {
                throw new InvalidRequestException("topic '" + topic.name() + "' appears more than once in the request");
            }
            if (topic.assignments() != null && !topic.assignments().isEmpty()) {
                throw new InvalidRequestException("topic '" + topic.name() + "': explicit replica assignments are not"
                        + " supported yet; give only the new total count");
            }
            if (validateOnly) {
                validate(topic);
                return CompletableFuture.<Void>completedFuture(null);
            }
            return cluster.createPartitions(CreatePartitionsRequest.newBuilder()
                            .setTopic(topic.name())
                            .setTotalCount(topic.count())
                            .build())
                    .thenCompose(grown -> cluster.awaitVersion(grown.getMetadataVersion()));
        }).handle((ignored, failure) -> {
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(topic.name());
            if (failure != null) {
                Failure error = Failure.of(failure);
                result.setErrorCode(error.code()).setErrorMessage(error.message());
            }
            return result;
        });
    }

    /** The checks validate_only can make without the service; see the class comment. */
    private void validate(CreatePartitionsTopic topic) {
        TopicDescription current = cluster.metadata().topic(topic.name());
        if (topic.count() <= current.getPartitionsCount()) {
            throw new InvalidPartitionsException("count: " + topic.count() + " is not more than topic '"
                    + topic.name() + "''s " + current.getPartitionsCount() + " partitions");
        }
    }
}
