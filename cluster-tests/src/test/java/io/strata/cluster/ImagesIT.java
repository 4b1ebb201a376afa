package io.strata.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.strata.deploy.launcher.StrataBuild;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container images, end to end: {@code ./strata images} builds them (the Debian base image is
 * reused when podman has it), the cluster runs from them with {@code --network=host} on free
 * ports ({@link ImageCluster}), the README's quick-start commands work against it, and when the
 * container of partition 0's leader is SIGKILLed another node takes the lead and the partition
 * takes writes again. The images, containers and volumes of the run are removed afterwards, also
 * on failure. Skipped, with the reason, where podman is missing or cannot run containers.
 *
 * <p>It prints how long each phase took (CI has two cores and a tight budget).
 */
class ImagesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
    private static final List<String> SERVICES = List.of("metadata-service", "partition-node", "group-coordinator",
            "gateway", "admin-ui");

    @TempDir
    Path dataDir;
    private final String tag = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private ImageCluster cluster;
    private ManagedChannel metadata;

    @BeforeEach
    void requirePodman() {
        assumeTrue(ProgramOnPath.find("podman").isPresent(),
                "podman is not on the PATH: install Debian's podman, runc and mmdebstrap to run the image test");
        Podman.Result info = Podman.tryCall("info", "--format", "{{.Host.OCIRuntime.Name}}");
        assumeTrue(info.exitCode() == 0, "podman cannot run here (podman info failed):\n" + info.output());
        boolean baseCached = Podman.tryCall("image", "exists", "localhost/strata/jre-base:17-bookworm").exitCode() == 0;
        assumeTrue(baseCached || ProgramOnPath.find("mmdebstrap").isPresent(),
                "the base image is not built and mmdebstrap is missing: apt-get install mmdebstrap");
    }

    @AfterEach
    void removeEverything() throws InterruptedException {
        if (metadata != null) {
            metadata.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
        for (String service : SERVICES) {
            Podman.tryCall("rmi", "--force", "localhost/strata/" + service + ":" + tag);
        }
    }

    @Test
    void theClusterRunsFromTheImagesServesTheQuickStartAndSurvivesALeaderKill() throws Exception {
        long t0 = System.nanoTime();
        Podman.Result build = Podman.runWithPodmanEnvironment(
                List.of(StrataBuild.root().resolve("strata").toString(), "images", "--tag", tag), BUILD_TIMEOUT);
        assertThat(build.exitCode()).as(build.output()).isZero();
        assertThat(build.output()).contains("[6/6] localhost/strata/admin-ui:" + tag + " built");
        long t1 = System.nanoTime();

        cluster = new ImageCluster(tag, dataDir).start();
        long t2 = System.nanoTime();
        assertThat(cluster.healthCheckPasses("gateway")).as("the image's HEALTHCHECK in the gateway").isTrue();
        assertThat(ListeningSockets.now().onPort(cluster.port("gateway"))).as("the image listens on all interfaces")
                .isNotEmpty().allMatch(ListeningSockets.Socket::isWildcard);

        List<String> outputs = ReadmeCommands.after("Then, with the cluster up:")
                .runAgainst("127.0.0.1:" + cluster.port("gateway"));
        assertThat(JSON.readTree(outputs.get(0)).get("partitions")).hasSize(3);
        assertThat(JSON.readTree(outputs.get(1)).get("offsets").get(0).get("offset").longValue()).isZero();
        assertThat(JSON.readTree(outputs.get(2)).get(0).get("value").get("amount").intValue()).isEqualTo(42);
        long t3 = System.nanoTime();

        metadata = ManagedChannelBuilder.forAddress("127.0.0.1", cluster.port("metadata-service")).usePlaintext().build();
        MetadataProbe probe = new MetadataProbe(metadata);
        int leader = probe.partitions("orders").get(0).getLeader();
        assertThat(leader).isBetween(1, ImageCluster.NODE_COUNT);
        cluster.kill(ImageCluster.nodeName(leader));
        await("a new leader of orders-0 after node " + leader + "'s container was killed").atMost(Duration.ofMinutes(1))
                .until(() -> newLeader(probe, leader));
        JsonNode produced = JSON.readTree(ReadmeCommands.after("Then, with the cluster up:")
                .runAgainst("127.0.0.1:" + cluster.port("gateway")).get(1));
        assertThat(produced.get("offsets").get(0).get("offset").longValue()).as("the next offset of orders-0").isEqualTo(1);
        long t4 = System.nanoTime();

        System.out.printf("ImagesIT: build %.1f s, start %.1f s, quick start %.1f s, leader kill %.1f s, total %.1f s%n",
                seconds(t1 - t0), seconds(t2 - t1), seconds(t3 - t2), seconds(t4 - t3), seconds(t4 - t0));
        System.out.print(cluster.startTimes());
        System.out.println(build.output());
    }

    private static boolean newLeader(MetadataProbe probe, int old) {
        int leader = probe.partitions("orders").get(0).getLeader();
        return leader >= 1 && leader != old;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
