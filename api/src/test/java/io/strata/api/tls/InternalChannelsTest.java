package io.strata.api.tls;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How internal channels are secured, and the errors a half-configured service gets. */
class InternalChannelsTest {

    @TempDir
    Path dir;

    @Test
    void withoutACaFileChannelsArePlaintextAndAnHttpsUrlIsRefusedNamingTheSetting() {
        InternalChannels channels = InternalChannels.of(() -> Optional.empty());

        assertThat(channels.tls()).isFalse();
        assertThatThrownBy(() -> channels.forUrl(URI.create("https://metadata:8081"), "strata.gateway.metadata-url"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strata.gateway.metadata-url=https://metadata:8081 is https")
                .hasMessageContaining("strata.tls.ca-file");
    }

    @Test
    void aCaFileThatIsNotThereFailsAtStartNamingIt() {
        Path missing = dir.resolve("ca.crt");
        assertThatThrownBy(() -> InternalChannels.of(() -> Optional.of(missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strata.tls.ca-file " + missing + " is not a readable file");
    }

    @Test
    void aCaFileWithoutACertificateFailsAtStart() throws Exception {
        Path garbage = Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");
        assertThatThrownBy(() -> InternalChannels.withCa(garbage)).hasMessageContaining(garbage.toString());
    }

    @Test
    void anUrlThatIsNotHostAndPortIsRefused() {
        assertThatThrownBy(() -> InternalChannels.plaintext().forUrl(URI.create("http://metadata"), "strata.metadata-url"))
                .hasMessageContaining("strata.metadata-url=http://metadata is not an http(s)://host:port URL");
        assertThatThrownBy(() -> InternalChannels.plaintext().forTarget("metadata"))
                .hasMessageContaining("not a host:port address: 'metadata'");
    }

    @Test
    void aPlaintextCallThatFindsNoConnectionNamesTls() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ManagedChannel channel = InternalChannels.plaintext().forAddress("127.0.0.1", port).build();
        try {
            assertThatThrownBy(() -> MetadataServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .describeCluster(DescribeClusterRequest.getDefaultInstance()))
                    .isInstanceOf(StatusRuntimeException.class)
                    .hasMessageStartingWith("UNAVAILABLE")
                    .hasMessageContaining("plaintext channel to 127.0.0.1:" + port)
                    .hasMessageContaining("strata.tls.ca-file");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
