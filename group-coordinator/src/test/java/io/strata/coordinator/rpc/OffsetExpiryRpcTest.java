package io.strata.coordinator.rpc;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.GroupState;
import io.strata.coordinator.CoordinatorTestBase;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Committed offsets expire as {@code OffsetRetention} says, run by the real scheduled job against
 * the real (embedded) PostgreSQL: the retention stays at its 7-day default and the rows are written
 * with commit times in the past. A group without state and only old commits loses all its offsets;
 * a group with a recent commit, or one whose last member left just now (though its commits are
 * old), keeps every one.
 */
@QuarkusTest
class OffsetExpiryRpcTest extends CoordinatorTestBase {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    @Inject
    DataSource database;

    @Test
    void onlyGroupsWithoutMembersAndWithoutRecentActivityLoseTheirOffsets() throws SQLException {
        String standalone = uniqueGroup("expiry-standalone");
        String recent = uniqueGroup("expiry-recent");
        String mixed = uniqueGroup("expiry-mixed");
        String memberLeft = uniqueGroup("expiry-member-left");
        join(memberLeft, "orders");  // never heartbeats again: it times out within the session timeout
        long now = System.currentTimeMillis();
        insert(List.of(
                row(standalone, 0, now - 8 * DAY_MS), row(standalone, 1, now - 9 * DAY_MS),
                row(recent, 0, now - DAY_MS),
                row(mixed, 0, now - 30 * DAY_MS), row(mixed, 1, now - DAY_MS),
                row(memberLeft, 0, now - 8 * DAY_MS), row(memberLeft, 1, now - 8 * DAY_MS)));

        await().atMost(Duration.ofSeconds(30)).until(() -> committedCount(standalone) == 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(memberLeft) == GroupState.GROUP_STATE_EMPTY);

        // a full pass after the member left: a second old standalone group expires in it
        String later = uniqueGroup("expiry-standalone-later");
        insert(List.of(row(later, 0, System.currentTimeMillis() - 8 * DAY_MS)));
        await().atMost(Duration.ofSeconds(30)).until(() -> committedCount(later) == 0);

        assertThat(committedCount(recent)).isEqualTo(1);
        assertThat(committedCount(mixed)).as("the newest commit counts, not each row's").isEqualTo(2);
        assertThat(committedCount(memberLeft)).as("empty only since its member timed out").isEqualTo(2);
    }

    private record Row(String group, int partition, long timestampMs) {
    }

    private static Row row(String group, int partition, long timestampMs) {
        return new Row(group, partition, timestampMs);
    }

    /** All rows in one transaction, so that one expiry pass sees all of them or none. */
    private void insert(List<Row> rows) throws SQLException {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO group_offsets (group_id, topic, "
                    + "partition_index, committed_offset, metadata, commit_timestamp_ms) VALUES (?, 'orders', ?, 42, '', ?)")) {
                for (Row row : rows) {
                    insert.setString(1, row.group());
                    insert.setInt(2, row.partition());
                    insert.setLong(3, row.timestampMs());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    private int committedCount(String group) {
        return coordinator.fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group).build()).getOffsetsCount();
    }

    private GroupState state(String group) {
        return coordinator.describeGroups(DescribeGroupsRequest.newBuilder().addGroupIds(group).build())
                .getGroups(0).getState();
    }
}
