package io.strata.kafka.group;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.backend.GroupBackend;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.List;

/**
 * The Kafka group APIs of a listener: FindCoordinator (this node serves every group), the classic
 * protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) hosted in the coordinator's groups through
 * a {@link ClassicMemberBridge}, the KIP-848 consumer protocol (ConsumerGroupHeartbeat,
 * ConsumerGroupDescribe), offsets (OffsetCommit v2+, OffsetFetch v1+) and administration
 * (ListGroups, DescribeGroups, DeleteGroups, OffsetDelete). All of them answer through
 * {@link GroupBackend}, so classic members, KIP-848 members and Strata's own clients share one group
 * and one set of offsets.
 *
 * <p>The handlers of one call to {@link #handlers} share one bridge: create them once per listener.
 */
public final class GroupApis {

    private GroupApis() {
    }

    /** The group handlers, sharing one classic member bridge with the default bounds and the system clock. */
    public static List<KafkaApiHandler> handlers(GroupBackend groups, ControlPlane cluster) {
        ClassicMemberBridge bridge = new ClassicMemberBridge(groups, System::currentTimeMillis,
                () -> Uuid.randomUuid().toString(), ClassicMemberBridge.Limits.DEFAULT);
        return handlers(groups, cluster, bridge);
    }

    static List<KafkaApiHandler> handlers(GroupBackend groups, ControlPlane cluster, ClassicMemberBridge bridge) {
        FindCoordinatorApi find = new FindCoordinatorApi(cluster);
        ClassicGroupApis classic = new ClassicGroupApis(bridge);
        ConsumerGroupApis consumer = new ConsumerGroupApis(groups, cluster, bridge, ConsumerGroupApis.MAX_REMEMBERED_MEMBERS);
        OffsetApis commit = new OffsetApis(groups, cluster, bridge, consumer);
        OffsetFetchApi fetch = new OffsetFetchApi(groups, cluster);
        GroupAdminApis admin = new GroupAdminApis(groups, bridge);
        return List.of(
                GroupApiHandler.all(ApiKeys.FIND_COORDINATOR, find::findCoordinator),
                GroupApiHandler.all(ApiKeys.JOIN_GROUP, classic::join),
                GroupApiHandler.all(ApiKeys.SYNC_GROUP, classic::sync),
                GroupApiHandler.all(ApiKeys.HEARTBEAT, classic::heartbeat),
                GroupApiHandler.all(ApiKeys.LEAVE_GROUP, classic::leave),
                GroupApiHandler.all(ApiKeys.CONSUMER_GROUP_HEARTBEAT, consumer::heartbeat),
                GroupApiHandler.all(ApiKeys.CONSUMER_GROUP_DESCRIBE, consumer::describe),
                GroupApiHandler.all(ApiKeys.OFFSET_COMMIT, commit::commit),
                GroupApiHandler.all(ApiKeys.OFFSET_FETCH, fetch::fetch),
                GroupApiHandler.all(ApiKeys.LIST_GROUPS, admin::list),
                GroupApiHandler.all(ApiKeys.DESCRIBE_GROUPS, admin::describe),
                GroupApiHandler.all(ApiKeys.DELETE_GROUPS, admin::delete),
                GroupApiHandler.all(ApiKeys.OFFSET_DELETE, admin::deleteOffsets));
    }
}
