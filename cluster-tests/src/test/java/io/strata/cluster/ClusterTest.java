package io.strata.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * A test that runs a cluster of its own in its own directory: whatever it assigns to
 * {@link #cluster} is stopped after each test, also when the test fails.
 */
abstract class ClusterTest {

    @TempDir
    Path dataDir;
    TestCluster cluster;

    @AfterEach
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
