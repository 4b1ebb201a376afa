package io.strata.node.membership;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster id is stored on the first registration, then must match; the node id must always match. */
class ClusterIdentityTest {

    private static final String OURS = "Zs0bH9LzS2uGx3R8qkq0eA";
    private static final String THEIRS = "q2-wPl8kTnyXkPZs0dkL_w";

    @TempDir
    Path dataDir;

    @Test
    void theFirstRegistrationStoresTheClusterIdAndLaterOnesMustMatchIt() throws IOException {
        ClusterIdentity identity = new ClusterIdentity(dataDir, 3);
        assertThat(identity.clusterId()).isEmpty();

        identity.confirm(OURS, "service A");
        identity.confirm(OURS, "service A");
        identity.check(OURS, "a snapshot");

        assertThat(new ClusterIdentity(dataDir, 3).clusterId()).contains(OURS);
        assertThat(MetaProperties.read(dataDir)).contains(MetaProperties.of(OURS, 3));
    }

    @Test
    void anotherClusterIdIsRefusedNamingBothIdsAndTheDirectoryAndTheFileIsUnchanged() throws IOException {
        new ClusterIdentity(dataDir, 3).confirm(OURS, "service A");
        byte[] before = Files.readAllBytes(dataDir.resolve("meta.properties"));
        ClusterIdentity restarted = new ClusterIdentity(dataDir, 3);

        assertThatThrownBy(() -> restarted.confirm(THEIRS, "the metadata service at http://b:8081"))
                .isInstanceOfSatisfying(StrataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INCONSISTENT_CLUSTER_ID);
                    assertThat(e.getMessage()).contains("data directory " + dataDir + " belongs to cluster " + OURS,
                            "the metadata service at http://b:8081 serves cluster '" + THEIRS + "'",
                            "nothing in the data directory was changed");
                });
        assertThatThrownBy(() -> restarted.check("", "a snapshot"))
                .isInstanceOfSatisfying(StrataException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INCONSISTENT_CLUSTER_ID));
        assertThat(Files.readAllBytes(dataDir.resolve("meta.properties"))).isEqualTo(before);
        assertThat(restarted.clusterId()).contains(OURS);
    }

    @Test
    void aDirectoryOfAnotherNodeIdIsRefusedBeforeAnythingElse() throws IOException {
        new ClusterIdentity(dataDir, 3).confirm(OURS, "service A");

        assertThatThrownBy(() -> new ClusterIdentity(dataDir, 4))
                .isInstanceOfSatisfying(StrataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
                    assertThat(e.getMessage()).contains("data directory " + dataDir + " belongs to node 3",
                            "configured as node 4");
                });
    }

    @Test
    void aSnapshotBeforeAnyRegistrationIsRefused() {
        assertThatThrownBy(() -> new ClusterIdentity(dataDir, 1).check(OURS, "a snapshot"))
                .isInstanceOfSatisfying(StrataException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INCONSISTENT_CLUSTER_ID));
    }
}
