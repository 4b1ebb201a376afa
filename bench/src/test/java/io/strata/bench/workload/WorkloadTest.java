package io.strata.bench.workload;

import io.strata.bench.BenchOptions;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadTest {

    private static Workload parse(String... args) {
        return Workload.from(BenchOptions.parse(args), 1_000_000);
    }

    @Test
    void defaultsAreKafkasPerfToolsWithLingerFive() {
        Workload workload = parse();

        assertThat(workload).isEqualTo(new Workload(1_000_000, 100, "all", 1, 1, 1, 5, 16384, "none",
                Optional.empty(), false, "127.0.0.1:8080", Optional.empty()));
        assertThat(workload.producerConfig()).containsExactly(
                java.util.Map.entry("acks", "all"), java.util.Map.entry("linger.ms", "5"),
                java.util.Map.entry("batch.size", "16384"), java.util.Map.entry("compression.type", "none"));
    }

    @Test
    void readsEveryOption() {
        Workload workload = parse("--records", "500000", "--record-size", "1024", "--acks", "-1", "--partitions", "6",
                "--replication-factor", "3", "--producers", "2", "--linger-ms", "0", "--batch-size", "65536",
                "--compression", "lz4", "--topic", "t", "--keep", "--bootstrap", "localhost:9000");

        assertThat(workload).isEqualTo(new Workload(500_000, 1024, "all", 6, 3, 2, 0, 65536, "lz4",
                Optional.of("t"), true, "localhost:9000", Optional.empty()));
        assertThat(workload.payloadBytes()).isEqualTo(500_000L * 1024);
    }

    @Test
    void aClientConfigFileIsGivenToEveryClient(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        Workload workload = parse("--client-config", file.toString());

        assertThat(workload.clientConfig()).contains(file);
        assertThat(workload.clientSettings()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
        assertThatThrownBy(() -> parse("--client-config", dir.resolve("missing").toString()))
                .hasMessage("--client-config " + dir.resolve("missing") + " is not a readable file");
    }

    @Test
    void changesLingerAlone() {
        Workload workload = parse("--linger-ms", "20", "--acks", "1");

        assertThat(workload.withLingerMs(0)).isEqualTo(parse("--linger-ms", "0", "--acks", "1"));
    }

    @Test
    void sharesRecordsAmongProducersWithTheRemainderFirst() {
        Workload workload = parse("--records", "10", "--producers", "3");

        assertThat(workload.recordsOfProducer(0)).isEqualTo(4);
        assertThat(workload.recordsOfProducer(1)).isEqualTo(3);
        assertThat(workload.recordsOfProducer(2)).isEqualTo(3);
    }

    @Test
    void refusesValuesThatMakeNoSense() {
        assertThatThrownBy(() -> parse("--acks", "2")).hasMessageContaining("--acks must be 0, 1 or all");
        assertThatThrownBy(() -> parse("--partitions", "0")).hasMessageContaining("--partitions must be at least 1");
        assertThatThrownBy(() -> parse("--compression", "brotli")).hasMessageContaining("--compression");
        assertThatThrownBy(() -> parse("--records", "2", "--producers", "3")).hasMessageContaining("--producers 3");
    }
}
