package io.strata.node.replica;

import io.strata.node.log.LogConfig;
import io.strata.node.log.TestBatchesAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica whose stored topic configs no longer parse is opened with retention that deletes
 * nothing, never with the default policy: a compacted topic's log would otherwise lose its old
 * segments to the default 7-day retention at the next check.
 */
class ReplicaConfigFallbackTest {

    private static final TopicPartition TABLE = new TopicPartition("table", 0);

    @TempDir
    Path dataDir;

    private ReplicaManager open() throws IOException {
        return ReplicaManager.open(dataDir, 64, LogConfig.DEFAULTS, Clock.systemUTC(), 1, true, 100,
                new ReplicaDeleter(ReplicaDeleter::removeRecursively), ReplicaEvents.NONE);
    }

    @Test
    void storedConfigsThatNoLongerParseTurnRetentionOffNotToTheDefaults() throws IOException {
        try (ReplicaManager manager = open()) {
            manager.create(TABLE, "id-table", Map.of("retention.ms", "-1"));
            manager.get(TABLE).log().appendAsLeader(TestBatchesAccess.batch(), 0);
        }
        Path config;
        try (var dirs = Files.list(dataDir)) {
            config = dirs.filter(dir -> dir.getFileName().toString().startsWith("table-0")).findFirst().orElseThrow()
                    .resolve("replica.properties");
        }
        // As if written by a version that knew a value this one cannot parse.
        Files.writeString(config, Files.readString(config).replace("retention.ms=-1", "retention.ms=forever"));

        try (ReplicaManager reopened = open()) {
            reopened.load();
            LogConfig applied = reopened.get(TABLE).log().config();
            assertThat(applied.retentionMs()).isEqualTo(-1);
            assertThat(applied.retentionBytes()).isEqualTo(-1);
            assertThat(reopened.get(TABLE).log().logEndOffset()).isPositive();
        }
    }
}
