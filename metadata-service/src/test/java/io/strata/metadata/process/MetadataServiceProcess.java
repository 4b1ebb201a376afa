package io.strata.metadata.process;

import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.launcher.ServiceSpec;
import io.strata.deploy.launcher.StrataBuild;
import io.strata.metadata.MetadataChannel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata service as a real process (this module's quarkus-run.jar), started by the deploy
 * module's launcher, which also kills it if a test leaves it running.
 */
final class MetadataServiceProcess {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private MetadataServiceProcess() {
    }

    /** Starts the service on a free port, logging to {@code <workDir>/<name>.log}; returns once it is healthy. */
    static ServiceProcess start(String name, Path workDir, Map<String, String> properties) throws IOException {
        return start(name, workDir, properties, "-Xmx256m");
    }

    /** As {@link #start(String, Path, Map)}, with its heap given ({@code -Xmx…}). */
    static ServiceProcess start(String name, Path workDir, Map<String, String> properties, String maxHeap) throws IOException {
        int port = FreePorts.next();
        ServiceSpec spec = ServiceSpec.builder(name, StrataBuild.quarkusRunJar("metadata-service")).jvmArg(maxHeap)
                .systemProperty("quarkus.http.port", Integer.toString(port)).systemProperties(properties)
                .logFile(workDir.resolve(name + ".log")).healthUrl("http://127.0.0.1:" + port + "/q/health/ready").build();
        return ServiceProcess.start(spec).awaitHealthy(STARTUP);
    }

    /** A channel to the service's port (gRPC is served on its HTTP port). */
    static MetadataChannel channelTo(ServiceProcess service) {
        return new MetadataChannel(service.spec().healthUrl().getPort());
    }

    /** SIGTERM; fails when the service had to be killed instead. */
    static void stopCleanly(ServiceProcess service) {
        service.stop(STOP_GRACE);
        assertThat(service.exitCode()).as("%s exited on SIGTERM, not SIGKILL", service).isNotEqualTo(OptionalInt.of(137));
    }
}
