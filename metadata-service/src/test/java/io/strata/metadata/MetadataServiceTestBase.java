package io.strata.metadata;

import io.quarkus.test.common.http.TestHTTPResource;
import io.strata.api.v1.MetadataServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.net.URL;
import java.util.UUID;

/**
 * For {@code @QuarkusTest}s of the gRPC API: a channel to the test application's HTTP port (gRPC
 * is served there). All test classes share one application and one embedded PostgreSQL whose
 * data outlives the run, so tests name their topics and nodes uniquely and never assume an empty
 * cluster.
 */
public abstract class MetadataServiceTestBase {

    @TestHTTPResource("/")
    protected URL root;

    protected MetadataChannel channel;
    protected MetadataServiceGrpc.MetadataServiceBlockingStub metadata;

    @BeforeEach
    void openChannel() {
        channel = new MetadataChannel(root.getPort());
        metadata = channel.blocking();
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.close();
    }

    /** A topic name no other test or run uses. */
    protected static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
