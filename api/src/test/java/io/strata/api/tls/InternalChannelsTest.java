package io.strata.api.tls;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.DescribeClusterResponse;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.NodeDescription;
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

    /** A watcher's snapshot of ~300,000 partitions is over grpc-java's default 4 MiB; it must still arrive. */
    @Test
    void anAnswerOverGrpcsDefaultFourMibArrives() throws Exception {
        DescribeClusterResponse.Builder big = DescribeClusterResponse.newBuilder();
        String address = "node-address-".repeat(10) + ".example:9092";
        for (int node = 0; big.build().getSerializedSize() < 6 * 1024 * 1024; node++) {
            big.addNodes(NodeDescription.newBuilder().setNodeId(node).setAddress(address).setKafkaAddress(address));
        }
        DescribeClusterResponse answer = big.build();
        Server server = ServerBuilder.forPort(0).addService(new MetadataServiceGrpc.MetadataServiceImplBase() {
            @Override
            public void describeCluster(DescribeClusterRequest request, StreamObserver<DescribeClusterResponse> observer) {
                observer.onNext(answer);
                observer.onCompleted();
            }
        }).build().start();
        ManagedChannel channel = InternalChannels.plaintext().forAddress("127.0.0.1", server.getPort()).build();
        try {
            DescribeClusterResponse received = MetadataServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .describeCluster(DescribeClusterRequest.getDefaultInstance());
            assertThat(received.getSerializedSize()).isGreaterThan(4 * 1024 * 1024);
            assertThat(received.getNodesCount()).isEqualTo(answer.getNodesCount());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
