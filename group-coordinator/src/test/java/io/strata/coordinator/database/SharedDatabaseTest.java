package io.strata.coordinator.database;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.coordinator.CoordinatorTestBase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator on a database another service already migrated (strata.database.url given):
 * Flyway baselines the non-empty schema below version 1, runs the coordinator's own migration with
 * its own history table, and leaves the other service's tables and history untouched.
 */
@QuarkusTest
@TestProfile(SharedDatabaseTest.OwnDatabase.class)
@WithTestResource(SharedDatabase.class)
class SharedDatabaseTest extends CoordinatorTestBase {

    /** A profile of its own, so this class gets an application on the shared database. */
    public static class OwnDatabase implements QuarkusTestProfile {
    }

    @ConfigProperty(name = "strata.database.url")
    String url;

    @Test
    void migratesBesideAnotherServicesTablesAndWorks() throws Exception {
        assertThat(SharedDatabase.count(url, "SELECT count(*) FROM nodes")).isEqualTo(1);
        assertThat(SharedDatabase.count(url, "SELECT count(*) FROM flyway_schema_history")).isEqualTo(1);
        assertThat(SharedDatabase.count(url,
                "SELECT count(*) FROM flyway_group_coordinator_history WHERE version = '1' AND success")).isEqualTo(1);

        String group = uniqueGroup("shared");
        coordinator.commitOffsets(CommitOffsetsRequest.newBuilder().setGroupId(group).setMemberEpoch(-1)
                .addOffsets(CommittedOffset.newBuilder().setTopic("orders").setPartition(0).setOffset(3)).build());
        assertThat(coordinator.fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group).build()).getOffsets(0)
                .getOffset()).isEqualTo(3);
        assertThat(SharedDatabase.count(url, "SELECT count(*) FROM group_offsets")).isEqualTo(1);
    }
}
