package io.strata.kafka.backend;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.AllocateProducerIdsRequest;
import io.strata.api.v1.AllocateProducerIdsResponse;
import io.strata.api.v1.AlterClusterConfigsRequest;
import io.strata.api.v1.AlterClusterConfigsResponse;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.AlterConfigsResponse;
import io.strata.api.v1.CreatePartitionsRequest;
import io.strata.api.v1.CreatePartitionsResponse;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.CreateTopicResponse;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.DeleteTopicResponse;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.DescribeConfigsResponse;

import java.util.concurrent.CompletionStage;

/**
 * The metadata service as a Kafka listener needs it: this node's current view of the cluster for
 * Metadata and DescribeCluster answers, and the metadata service's own calls for topic and config
 * changes and producer ids, forwarded unchanged (the service validates them and names what it
 * refuses). Stages fail with {@link io.strata.api.error.StrataException}; none blocks its caller.
 */
public interface ControlPlane {

    /** This node's id: the broker id clients see for this listener. */
    int localNodeId();

    /** The cluster id (Kafka's format: 22 characters of base64url). */
    String clusterId();

    /** The newest metadata this node has applied from the watch (never null; not initialized before the first snapshot). */
    ClusterMetadata metadata();

    /** Completes once this node's view has reached {@code version} (so a created topic is in the next Metadata answer). */
    CompletionStage<Void> awaitVersion(long version);

    CompletionStage<CreateTopicResponse> createTopic(CreateTopicRequest request);

    CompletionStage<DeleteTopicResponse> deleteTopic(DeleteTopicRequest request);

    CompletionStage<CreatePartitionsResponse> createPartitions(CreatePartitionsRequest request);

    CompletionStage<AlterConfigsResponse> alterConfigs(AlterConfigsRequest request);

    CompletionStage<DescribeConfigsResponse> describeConfigs(DescribeConfigsRequest request);

    /** Sets and removes cluster-wide defaults of topic configs (Kafka's dynamic default broker configs). */
    CompletionStage<AlterClusterConfigsResponse> alterClusterConfigs(AlterClusterConfigsRequest request);

    CompletionStage<AllocateProducerIdsResponse> allocateProducerIds(AllocateProducerIdsRequest request);

    /** Kafka's {@code auto.create.topics.enable}: whether Metadata and Produce create a missing topic. */
    boolean autoCreateTopics();
}
