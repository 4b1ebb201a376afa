package io.strata.coordinator.rpc;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.DeleteOffsetsRequest;
import io.strata.api.v1.DeleteOffsetsResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.api.v1.OffsetDeletion;
import io.strata.coordinator.CoordinatorTestBase;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.strata.coordinator.CoordinatorChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * DeleteOffsets over gRPC against the real (embedded) PostgreSQL: what is deleted and what is kept
 * for subscribed topics, the group-level refusals, and a member subscribing while the deletion's
 * statement runs (held up by a row lock this test takes), which must not lose its topic's offsets.
 */
@QuarkusTest
class OffsetDeleteRpcTest extends CoordinatorTestBase {

    @Inject
    DataSource database;

    private void adminCommit(String group, String topic, int partition, long offset) {
        coordinator.commitOffsets(CommitOffsetsRequest.newBuilder().setGroupId(group).setMemberEpoch(-1)
                .addOffsets(CommittedOffset.newBuilder().setTopic(topic).setPartition(partition).setOffset(offset)).build());
    }

    private static GroupTopicPartitions partitions(String topic, Integer... indexes) {
        return GroupTopicPartitions.newBuilder().setTopic(topic).addAllPartitions(List.of(indexes)).build();
    }

    private DeleteOffsetsResponse delete(String group, GroupTopicPartitions... partitions) {
        return coordinator.deleteOffsets(DeleteOffsetsRequest.newBuilder().setGroupId(group)
                .addAllPartitions(List.of(partitions)).build());
    }

    /** (topic, partition, offset) of everything the group has committed, in order. */
    private List<org.assertj.core.groups.Tuple> committed(String group) {
        return coordinator.fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group).build()).getOffsetsList().stream()
                .map(o -> tuple(o.getTopic(), o.getPartition(), o.getOffset())).toList();
    }

    private GroupHeartbeatResponse joinByRegex(String group, String regex) {
        return coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(group).setMemberEpoch(0)
                .setSubscription(GroupSubscription.newBuilder().setTopicRegex(regex)).build());
    }

    @Test
    void theOffsetsOfTopicsNoMemberSubscribesToAreDeletedTheOthersKept() {
        String group = uniqueGroup("offset-delete");
        adminCommit(group, "orders", 0, 7);
        adminCommit(group, "orders", 1, 8);
        adminCommit(group, "audit", 0, 3);
        GroupHeartbeatResponse member = join(group, "orders");

        DeleteOffsetsResponse response = delete(group, partitions("orders", 1, 0, 5), partitions("audit", 0));
        assertThat(response.getPartitionsList()).extracting(OffsetDeletion::getTopic, OffsetDeletion::getPartition,
                OffsetDeletion::getErrorCode).containsExactly(
                tuple("audit", 0, ErrorCode.ERROR_CODE_UNSPECIFIED),
                tuple("orders", 0, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC),
                tuple("orders", 1, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC),
                tuple("orders", 5, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC));
        assertThat(response.getPartitions(1).getErrorMessage()).contains(group, "'orders'");
        assertThat(response.getPartitions(0).getErrorMessage()).isEmpty();
        assertThat(committed(group)).containsExactly(tuple("orders", 0, 7L), tuple("orders", 1, 8L));

        leave(group, member.getMemberId());
        GroupHeartbeatResponse byRegex = joinByRegex(group, "ord.*");
        assertThat(delete(group, partitions("orders", 0)).getPartitions(0).getErrorCode())
                .as("a regex subscription takes the topic too").isEqualTo(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
        leave(group, byRegex.getMemberId());

        DeleteOffsetsResponse deleted = delete(group, partitions("orders", 0, 9));
        assertThat(deleted.getPartitionsList()).extracting(OffsetDeletion::getPartition, OffsetDeletion::getErrorCode)
                .as("a partition without a committed offset is no error")
                .containsExactly(tuple(0, ErrorCode.ERROR_CODE_UNSPECIFIED), tuple(9, ErrorCode.ERROR_CODE_UNSPECIFIED));
        assertThat(committed(group)).containsExactly(tuple("orders", 1, 8L));
    }

    @Test
    void aGroupWithNeitherMembersNorOffsetsIsNotFoundAndBadRequestsAreRefused() {
        String group = uniqueGroup("offset-delete-group");
        assertRefused(() -> delete("", partitions("orders", 0)), ErrorCode.INVALID_GROUP_ID, "group_id");
        assertRefused(() -> delete(group, partitions("orders", 0)), ErrorCode.GROUP_ID_NOT_FOUND, group);
        assertRefused(() -> delete(group, partitions("orders", -1)), ErrorCode.INVALID_REQUEST, "-1");
        assertRefused(() -> delete(group, partitions("", 0)), ErrorCode.INVALID_REQUEST, "topic name is empty");

        GroupHeartbeatResponse member = join(group, "orders");
        assertThat(delete(group, partitions("audit", 0)).getPartitions(0).getErrorCode())
                .as("a group with members exists without offsets").isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
        leave(group, member.getMemberId());
        adminCommit(group, "audit", 0, 4);
        assertThat(delete(group).getPartitionsList()).as("naming no partition only checks the group").isEmpty();
        assertThat(delete(group, partitions("audit", 0)).getPartitions(0).getErrorCode()).isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
        assertRefused(() -> delete(group, partitions("audit", 0)), ErrorCode.GROUP_ID_NOT_FOUND, group);
    }

    /**
     * The deletion first finds nobody subscribed to "orders"; its DELETE then waits for a row lock
     * this test holds, and meanwhile a member subscribes to "orders". Without the check inside the
     * transaction the member's topic would lose its offsets; with it the deletion rolls back, starts
     * over, and keeps them.
     */
    @Test
    void aMemberSubscribingWhileTheDeletionRunsKeepsItsTopicsOffsets() throws Exception {
        String group = uniqueGroup("offset-delete-race");
        adminCommit(group, "orders", 0, 7);
        adminCommit(group, "audit", 0, 3);
        try (Connection locker = database.getConnection()) {
            locker.setAutoCommit(false);
            lockRow(locker, group, "orders", 0);
            CompletableFuture<DeleteOffsetsResponse> deleting = CompletableFuture.supplyAsync(
                    () -> delete(group, partitions("orders", 0), partitions("audit", 0)));
            await().atMost(Duration.ofSeconds(20)).until(this::aDeleteWaitsForARowLock);
            join(group, "orders");
            locker.rollback();

            DeleteOffsetsResponse response = deleting.get(30, TimeUnit.SECONDS);
            assertThat(response.getPartitionsList()).extracting(OffsetDeletion::getTopic, OffsetDeletion::getErrorCode)
                    .containsExactly(tuple("audit", ErrorCode.ERROR_CODE_UNSPECIFIED),
                            tuple("orders", ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC));
        }
        assertThat(committed(group)).containsExactly(tuple("orders", 0, 7L));
    }

    private static void lockRow(Connection connection, String group, String topic, int partition) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT 1 FROM group_offsets WHERE group_id = ? AND topic = ? AND partition_index = ? FOR UPDATE")) {
            lock.setString(1, group);
            lock.setString(2, topic);
            lock.setInt(3, partition);
            try (ResultSet row = lock.executeQuery()) {
                assertThat(row.next()).as("the row to lock exists").isTrue();
            }
        }
    }

    private boolean aDeleteWaitsForARowLock() throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement waiting = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                     + "WHERE wait_event_type = 'Lock' AND query LIKE '%DELETE FROM group_offsets%'");
             ResultSet count = waiting.executeQuery()) {
            count.next();
            return count.getLong(1) > 0;
        }
    }
}
