package io.strata.bench.kafka;

import io.strata.bench.BenchOptions;
import io.strata.bench.workload.Workload;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker's configuration and the tools' command lines, without starting anything. */
class KafkaClusterTest {

    @Test
    void aSingleCombinedNodeOnLoopbackWithReplicationFactorOneForInternalTopics() {
        KafkaCluster.KafkaNode node = new KafkaCluster.KafkaNode(1, 19092, 19093);

        String properties = KafkaCluster.serverProperties(node, List.of(node), Path.of("/tmp/k/data"));

        assertThat(properties.lines()).contains(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:19093",
                "listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093",
                "log.dirs=/tmp/k/data",
                "offsets.topic.replication.factor=1",
                "group.initial.rebalance.delay.ms=0");
    }

    @Test
    void threeNodesShareOneControllerQuorum() {
        List<KafkaCluster.KafkaNode> nodes = List.of(new KafkaCluster.KafkaNode(1, 1, 2),
                new KafkaCluster.KafkaNode(2, 3, 4), new KafkaCluster.KafkaNode(3, 5, 6));

        String properties = KafkaCluster.serverProperties(nodes.get(1), nodes, Path.of("/d"));

        assertThat(properties.lines()).contains("node.id=2",
                "controller.quorum.voters=1@127.0.0.1:2,2@127.0.0.1:4,3@127.0.0.1:6",
                "advertised.listeners=PLAINTEXT://127.0.0.1:3", "offsets.topic.replication.factor=3");
    }

    @Test
    void producerPerfToolGetsTheWorkloadsSettingsUnthrottled() {
        Workload workload = Workload.from(BenchOptions.parse(new String[]{"--acks", "1", "--record-size", "1024"}), 10);

        assertThat(KafkaBench.producerArgs("127.0.0.1:1", "t", 500, workload)).containsExactly(
                "--bootstrap-server", "127.0.0.1:1", "--topic", "t", "--num-records", "500", "--record-size", "1024",
                "--throughput", "-1", "--reporting-interval", "1000", "--command-property",
                "acks=1", "linger.ms=5", "batch.size=16384", "compression.type=none");
    }

    @Test
    void aClientConfigFileReachesThePerfToolsAsTheirCommandConfig(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("sasl-ssl.properties"), "security.protocol=SASL_SSL\n");
        Workload workload = Workload.from(BenchOptions.parse(new String[]{"--acks", "1", "--client-config", file.toString()}), 10);

        assertThat(KafkaBench.producerArgs("127.0.0.1:1", "t", 500, workload))
                .endsWith("compression.type=none", "--command-config", file.toAbsolutePath().toString());
    }

    @Test
    void toolsRunWithKafkasJvmOptionsAndOnlyKafkasJars() {
        KafkaJvm jvm = new KafkaJvm(Path.of("/jdk/bin/java"), Path.of("/k/lib"));

        List<String> command = jvm.command("512M", Path.of("/k/log4j2.properties"), "Main", List.of("--x"));

        assertThat(command).startsWith("/jdk/bin/java", "-Xmx512M", "-server", "-XX:+UseG1GC");
        assertThat(command).endsWith("-Dlog4j2.configurationFile=/k/log4j2.properties", "-cp", "/k/lib/*", "Main", "--x");
    }

    @Test
    void eachRunHasATopicOfItsOwnNamedAfterTheProcessUnlessGivenOne() {
        Workload fresh = Workload.from(BenchOptions.parse(new String[]{}), 10);
        Workload named = Workload.from(BenchOptions.parse(new String[]{"--topic", "orders"}), 10);

        assertThat(KafkaBench.topicName(fresh, "produce", 4242, 1)).isEqualTo("bench-produce-4242-1");
        assertThat(KafkaBench.topicName(named, "e2e", 4242, 0)).isEqualTo("orders-0");
    }
}
