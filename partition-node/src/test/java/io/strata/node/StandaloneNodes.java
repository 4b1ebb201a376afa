package io.strata.node;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.launcher.ServiceSpec;
import io.strata.deploy.launcher.StrataBuild;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Partition-node processes without a metadata service, started from the built jar on one data
 * directory and driven over gRPC; closing stops every channel and process, also after a failure.
 */
final class StandaloneNodes implements AutoCloseable {

    private final Path dataDir;
    private final String logPrefix;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    StandaloneNodes(Path dataDir, String logPrefix) {
        this.dataDir = dataDir;
        this.logPrefix = logPrefix;
    }

    /** Starts a node on {@code port} with these extra system properties and waits until it is ready. */
    PartitionServiceGrpc.PartitionServiceBlockingStub start(int port, Map<String, String> properties) throws IOException {
        ServiceSpec.Builder builder = ServiceSpec.builder("partition-node", StrataBuild.quarkusRunJar("partition-node"))
                .systemProperty("quarkus.http.port", Integer.toString(port))
                .systemProperty("strata.node.data-dir", dataDir.resolve("node").toString());
        properties.forEach(builder::systemProperty);
        ServiceSpec spec = builder
                .logFile(Path.of("target", "it-logs", logPrefix + "-" + port + "-" + processes.size() + ".log"))
                .healthUrl("http://127.0.0.1:" + port + "/q/health/ready")
                .build();
        ServiceProcess process = ServiceProcess.start(spec).awaitHealthy(Duration.ofSeconds(60));
        processes.add(process);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        channels.add(channel);
        return PartitionServiceGrpc.newBlockingStub(channel);
    }

    /** The process started last. */
    ServiceProcess last() {
        return processes.get(processes.size() - 1);
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        processes.forEach(ServiceProcess::close);
    }
}
