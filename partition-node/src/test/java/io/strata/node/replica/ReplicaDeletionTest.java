package io.strata.node.replica;

import io.strata.node.log.LogConfig;
import io.strata.node.log.TestBatchesAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deleting a replica renames its directory to {@code -delete} at once and removes the files on the
 * deleter's thread; directories a crash left so marked are removed at the next load; nothing in the
 * data directory is opened or removed before {@link ReplicaManager#load()}.
 */
class ReplicaDeletionTest {

    private static final TopicPartition A0 = new TopicPartition("a", 0);

    @TempDir
    Path dataDir;
    private final CountDownLatch diskIsSlow = new CountDownLatch(1);
    private ReplicaManager manager;

    @AfterEach
    void close() {
        diskIsSlow.countDown();
        if (manager != null) {
            manager.close();
        }
    }

    /** A removal that waits (as a slow disk would) until the test lets it go. */
    private void slowRemoval(Path dir) throws IOException {
        try {
            diskIsSlow.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ReplicaDeleter.removeRecursively(dir);
    }

    private ReplicaManager open(boolean standalone) throws IOException {
        return ReplicaManager.open(dataDir, 64, LogConfig.DEFAULTS, Clock.systemUTC(), 1, standalone, 100,
                new ReplicaDeleter(this::slowRemoval), ReplicaEvents.NONE);
    }

    @Test
    void deleteReturnsAtOnceLeavingAMarkedDirectoryThatGoesInTheBackground() throws IOException {
        manager = open(true);
        for (int partition = 0; partition < 20; partition++) {
            manager.create(new TopicPartition("big", partition), "id-big", Map.of());
            manager.get(new TopicPartition("big", partition)).log().appendAsLeader(TestBatchesAccess.batch(), 0);
        }

        for (int partition = 0; partition < 20; partition++) {
            assertThat(manager.delete(new TopicPartition("big", partition))).isTrue();
        }

        // Every delete returned while the disk was still "busy": nothing removed yet, all marked.
        assertThat(manager.replicas()).isEmpty();
        List<String> marked = dirNames();
        assertThat(marked).hasSize(20).allMatch(name -> name.matches("big-\\d+\\.[0-9a-f]{32}-delete"));
        assertThat(manager.delete(new TopicPartition("big", 0))).isFalse();

        diskIsSlow.countDown();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(dirNames()).isEmpty());
    }

    @Test
    void directoriesMarkedDeletedBeforeACrashAreRemovedAtLoadAndNeverOpened() throws IOException {
        Path leftover = Files.createDirectories(dataDir.resolve("a-0.0123456789abcdef0123456789abcdef-delete"));
        Files.write(leftover.resolve("00000000000000000000.log"), new byte[1000]);
        Path stray = Files.createDirectories(dataDir.resolve("b-0.0123456789abcdef0123456789abcdef-stray"));
        Files.write(stray.resolve("00000000000000000000.log"), new byte[10]);
        Files.createDirectories(dataDir.resolve("a-1"));

        manager = open(false);
        assertThat(manager.loaded()).isFalse();
        assertThat(manager.replicas()).isEmpty();
        diskIsSlow.countDown();
        assertThat(leftover).isDirectory(); // not before load: the node may belong to another cluster

        manager.load();
        assertThat(manager.loaded()).isTrue();
        assertThat(manager.replicas()).extracting(Replica::id).containsExactly(new TopicPartition("a", 1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(leftover).doesNotExist());
        assertThat(stray.resolve("00000000000000000000.log")).hasSize(10);
    }

    @Test
    void aStrayKeepsItsFilesUnderItsNewName() throws IOException {
        manager = open(true);
        manager.create(A0, "id-a", Map.of());
        manager.get(A0).log().appendAsLeader(TestBatchesAccess.batch(), 0);

        Path aside = manager.renameStray(A0).orElseThrow();

        assertThat(aside.getFileName().toString()).matches("a-0\\.[0-9a-f]{32}-stray");
        assertThat(dataDir.resolve("a-0")).doesNotExist();
        assertThat(aside.resolve("00000000000000000000.log")).isNotEmptyFile();
        assertThat(manager.find(A0)).isEmpty();
        assertThat(manager.renameStray(A0)).isEmpty();
    }

    private List<String> dirNames() throws IOException {
        try (Stream<Path> entries = Files.list(dataDir)) {
            return entries.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
