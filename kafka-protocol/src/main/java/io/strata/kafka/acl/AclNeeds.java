package io.strata.kafka.acl;

import io.strata.api.acl.AclNeed;
import io.strata.api.acl.AclOperation;
import io.strata.api.acl.AclResourceType;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.kafka.metadata.TopicIds;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.strata.api.acl.AclOperation.ALTER;
import static io.strata.api.acl.AclOperation.ALTER_CONFIGS;
import static io.strata.api.acl.AclOperation.DELETE;
import static io.strata.api.acl.AclOperation.DESCRIBE;
import static io.strata.api.acl.AclOperation.DESCRIBE_CONFIGS;
import static io.strata.api.acl.AclOperation.READ;
import static io.strata.api.acl.AclOperation.WRITE;
import static io.strata.api.acl.AclResourceType.CLUSTER;
import static io.strata.api.acl.AclResourceType.GROUP;
import static io.strata.api.acl.AclResourceType.TOPIC;
import static io.strata.api.acl.AclResourceType.TRANSACTIONAL_ID;

/**
 * What each Kafka API needs to be allowed, read from its request: the one table of "API →
 * operation on resource", following Kafka's {@code KafkaApis}. Every need must be allowed, else the
 * whole request is refused (see {@link AclGate}). APIs whose answer is filtered rather than refused
 * (Metadata, ListGroups), CreateTopics (CREATE on the cluster or the topic) and InitProducerId (an
 * alternative of two rules) are decided in {@link AclGate}; {@link #of} answers empty for an API
 * this table does not know, which the gate refuses to everyone but super users (it fails closed).
 * Stateless.
 */
final class AclNeeds {

    private AclNeeds() {
    }

    /** The needs of {@code data}, a request of {@code key}; empty when this table does not classify the API. */
    static Optional<List<AclNeed>> of(ApiKeys key, ApiMessage data, ClusterMetadata metadata) {
        List<AclNeed> needs = new ArrayList<>();
        switch (key) {
            case API_VERSIONS, SASL_HANDSHAKE, SASL_AUTHENTICATE, DESCRIBE_CLUSTER -> {
            }
            case PRODUCE -> produce((ProduceRequestData) data, metadata, needs);
            case FETCH -> ((FetchRequestData) data).topics().forEach(t -> topic(needs, READ, t.topic(), t.topicId(), metadata));
            case LIST_OFFSETS -> ((ListOffsetsRequestData) data).topics().forEach(t -> needs.add(new AclNeed(DESCRIBE, TOPIC, t.name())));
            case OFFSET_FOR_LEADER_EPOCH -> ((OffsetForLeaderEpochRequestData) data).topics()
                    .forEach(t -> needs.add(new AclNeed(DESCRIBE, TOPIC, t.topic())));
            case DELETE_TOPICS -> deleteTopics((DeleteTopicsRequestData) data, metadata, needs);
            case CREATE_PARTITIONS -> ((CreatePartitionsRequestData) data).topics().forEach(t -> needs.add(new AclNeed(ALTER, TOPIC, t.name())));
            case DELETE_RECORDS -> ((DeleteRecordsRequestData) data).topics().forEach(t -> needs.add(new AclNeed(DELETE, TOPIC, t.name())));
            case DESCRIBE_CONFIGS -> ((DescribeConfigsRequestData) data).resources()
                    .forEach(r -> needs.add(config(DESCRIBE_CONFIGS, r.resourceType(), r.resourceName())));
            case ALTER_CONFIGS -> ((AlterConfigsRequestData) data).resources()
                    .forEach(r -> needs.add(config(ALTER_CONFIGS, r.resourceType(), r.resourceName())));
            case INCREMENTAL_ALTER_CONFIGS -> ((IncrementalAlterConfigsRequestData) data).resources()
                    .forEach(r -> needs.add(config(ALTER_CONFIGS, r.resourceType(), r.resourceName())));
            case FIND_COORDINATOR -> findCoordinator((FindCoordinatorRequestData) data, needs);
            case JOIN_GROUP -> needs.add(new AclNeed(READ, GROUP, ((JoinGroupRequestData) data).groupId()));
            case SYNC_GROUP -> needs.add(new AclNeed(READ, GROUP, ((SyncGroupRequestData) data).groupId()));
            case HEARTBEAT -> needs.add(new AclNeed(READ, GROUP, ((HeartbeatRequestData) data).groupId()));
            case LEAVE_GROUP -> needs.add(new AclNeed(READ, GROUP, ((LeaveGroupRequestData) data).groupId()));
            case CONSUMER_GROUP_HEARTBEAT -> needs.add(new AclNeed(READ, GROUP, ((ConsumerGroupHeartbeatRequestData) data).groupId()));
            case OFFSET_COMMIT -> offsetCommit((OffsetCommitRequestData) data, metadata, needs);
            case OFFSET_FETCH -> offsetFetch((OffsetFetchRequestData) data, needs);
            case OFFSET_DELETE -> {
                OffsetDeleteRequestData delete = (OffsetDeleteRequestData) data;
                needs.add(new AclNeed(DELETE, GROUP, delete.groupId()));
                delete.topics().forEach(t -> needs.add(new AclNeed(READ, TOPIC, t.name())));
            }
            case DESCRIBE_GROUPS -> ((DescribeGroupsRequestData) data).groups().forEach(g -> needs.add(new AclNeed(DESCRIBE, GROUP, g)));
            case CONSUMER_GROUP_DESCRIBE -> ((ConsumerGroupDescribeRequestData) data).groupIds()
                    .forEach(g -> needs.add(new AclNeed(DESCRIBE, GROUP, g)));
            case DELETE_GROUPS -> ((DeleteGroupsRequestData) data).groupsNames().forEach(g -> needs.add(new AclNeed(DELETE, GROUP, g)));
            case DESCRIBE_USER_SCRAM_CREDENTIALS, DESCRIBE_ACLS, LIST_PARTITION_REASSIGNMENTS, DESCRIBE_LOG_DIRS -> needs.add(cluster(DESCRIBE));
            case ALTER_USER_SCRAM_CREDENTIALS, CREATE_ACLS, DELETE_ACLS, ALTER_PARTITION_REASSIGNMENTS, ALTER_REPLICA_LOG_DIRS, ELECT_LEADERS ->
                    needs.add(cluster(ALTER));
            case DESCRIBE_CLIENT_QUOTAS -> needs.add(cluster(DESCRIBE_CONFIGS));
            case ALTER_CLIENT_QUOTAS -> needs.add(cluster(ALTER_CONFIGS));
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(needs);
    }

    static AclNeed cluster(AclOperation operation) {
        return AclNeed.cluster(operation);
    }

    private static void produce(ProduceRequestData data, ClusterMetadata metadata, List<AclNeed> needs) {
        if (data.transactionalId() != null) {
            needs.add(new AclNeed(WRITE, TRANSACTIONAL_ID, data.transactionalId()));
        }
        data.topicData().forEach(t -> topic(needs, WRITE, t.name(), t.topicId(), metadata));
    }

    private static void deleteTopics(DeleteTopicsRequestData data, ClusterMetadata metadata, List<AclNeed> needs) {
        data.topicNames().forEach(name -> needs.add(new AclNeed(DELETE, TOPIC, name)));
        data.topics().forEach(t -> topic(needs, DELETE, t.name(), t.topicId(), metadata));
    }

    private static void offsetCommit(OffsetCommitRequestData data, ClusterMetadata metadata, List<AclNeed> needs) {
        needs.add(new AclNeed(READ, GROUP, data.groupId()));
        data.topics().forEach(t -> topic(needs, READ, t.name(), t.topicId(), metadata));
    }

    private static void offsetFetch(OffsetFetchRequestData data, List<AclNeed> needs) {
        if (data.groupId() != null && !data.groupId().isEmpty()) {
            needs.add(new AclNeed(DESCRIBE, GROUP, data.groupId()));
        }
        data.groups().forEach(g -> needs.add(new AclNeed(DESCRIBE, GROUP, g.groupId())));
    }

    private static void findCoordinator(FindCoordinatorRequestData data, List<AclNeed> needs) {
        AclResourceType type = data.keyType() == 1 ? TRANSACTIONAL_ID : GROUP;
        if (data.coordinatorKeys().isEmpty()) {
            needs.add(new AclNeed(DESCRIBE, type, data.key()));
        }
        data.coordinatorKeys().forEach(k -> needs.add(new AclNeed(DESCRIBE, type, k)));
    }

    /** A topic named or, from Produce/Fetch v13 and OffsetCommit v10 on, identified by id (an unknown id needs nothing: the handler answers UNKNOWN_TOPIC_ID). */
    private static void topic(List<AclNeed> needs, AclOperation operation, String name, Uuid id, ClusterMetadata metadata) {
        if (name != null && !name.isEmpty()) {
            needs.add(new AclNeed(operation, TOPIC, name));
        } else if (id != null && !Uuid.ZERO_UUID.equals(id)) {
            TopicIds.find(metadata, id).ifPresent(topic -> needs.add(new AclNeed(operation, TOPIC, topic.getName())));
        }
    }

    /** A config resource: a topic's (type 2) needs the operation on the topic, a broker's (4, 8) on the cluster. */
    private static AclNeed config(AclOperation operation, byte resourceType, String name) {
        return resourceType == 2 ? new AclNeed(operation, TOPIC, name) : cluster(operation);
    }
}
