package io.strata.node.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The handle cache's contract, one race at a time: each test parks an open inside the opener to
 * make the interleaving it names happen for certain (the seeded many-thread run is
 * {@link FileHandlesStressTest}).
 */
class FileHandlesTest {

    private static final long WAIT_SECONDS = 10;

    @TempDir
    Path dir;

    private final List<FileChannel> opened = new CopyOnWriteArrayList<>();
    /** A thread per task: the races below need their parties running at once, whatever the core count. */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private Path file(String name) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, name.getBytes());
        return path;
    }

    private FileChannel track(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        opened.add(channel);
        return channel;
    }

    @Test
    void aHitDoesNotWaitForAnotherFilesOpenNorDoesAnotherMiss() throws Exception {
        Path cachedFile = file("a");
        Path slow = file("slow");
        Path other = file("other");
        CountDownLatch inOpen = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        try (FileHandles handles = new FileHandles(16, path -> {
            if (path.equals(slow)) {
                inOpen.countDown();
                await(letGo);
            }
            return track(path);
        })) {
            handles.acquire(cachedFile).close();
            CompletableFuture<Void> parked = CompletableFuture.runAsync(() -> acquireAndRelease(handles, slow), threads);
            assertThat(inOpen.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            // A monitor around the map (the first version) blocks both of these behind the parked open.
            CompletableFuture<Void> hit = CompletableFuture.runAsync(() -> acquireAndRelease(handles, cachedFile), threads);
            CompletableFuture<Void> miss = CompletableFuture.runAsync(() -> acquireAndRelease(handles, other), threads);
            hit.get(WAIT_SECONDS, TimeUnit.SECONDS);
            miss.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(parked).isNotDone();
            letGo.countDown();
            parked.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoRacingOpensOfOneFileEndWithOneChannelAndTheOtherClosed() throws Exception {
        Path path = file("a");
        CyclicBarrier bothInOpen = new CyclicBarrier(2);
        try (FileHandles handles = new FileHandles(16, p -> {
            FileChannel channel = track(p);
            await(bothInOpen);
            return channel;
        })) {
            CompletableFuture<FileHandles.Lease> first = CompletableFuture.supplyAsync(() -> acquire(handles, path), threads);
            CompletableFuture<FileHandles.Lease> second = CompletableFuture.supplyAsync(() -> acquire(handles, path), threads);
            FileHandles.Lease one = first.get(WAIT_SECONDS, TimeUnit.SECONDS);
            FileHandles.Lease two = second.get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(one.channel()).isSameAs(two.channel());
            assertThat(opened).hasSize(2);
            assertThat(opened.stream().filter(FileChannel::isOpen)).containsExactly(one.channel());
            assertThat(handles.openCount()).isEqualTo(1);
            one.close();
            two.close();
            assertThat(one.channel().isOpen()).as("cached while idle").isTrue();
        }
        assertThat(opened).noneMatch(FileChannel::isOpen);
    }

    @Test
    void aForgetDuringAnOpenKeepsThatChannelOutOfTheCache() throws Exception {
        Path path = file("a");
        CountDownLatch inOpen = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        AtomicInteger opens = new AtomicInteger();
        try (FileHandles handles = new FileHandles(16, p -> {
            if (opens.incrementAndGet() == 1) {
                FileChannel channel = track(p);
                inOpen.countDown();
                await(letGo);
                return channel;
            }
            return track(p);
        })) {
            CompletableFuture<FileHandles.Lease> parked = CompletableFuture.supplyAsync(() -> acquire(handles, path), threads);
            assertThat(inOpen.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            handles.forget(path);
            letGo.countDown();
            FileHandles.Lease lease = parked.get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(read(lease.channel())).as("the racing lease still reads").isEqualTo("a");
            lease.close();
            assertThat(lease.channel().isOpen()).as("not kept once released").isFalse();
            assertThat(handles.openCount()).isZero();
            try (FileHandles.Lease again = handles.acquire(path)) {
                assertThat(again.channel()).isNotSameAs(lease.channel());
            }
            assertThat(opens).hasValue(2);
        }
    }

    @Test
    void aCloseDuringAnOpenLeavesNoChannelOpenOnceReleased() throws Exception {
        Path path = file("a");
        CountDownLatch inOpen = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        FileHandles handles = new FileHandles(16, p -> {
            FileChannel channel = track(p);
            inOpen.countDown();
            await(letGo);
            return channel;
        });
        CompletableFuture<FileHandles.Lease> parked = CompletableFuture.supplyAsync(() -> acquire(handles, path), threads);
        assertThat(inOpen.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        handles.close();
        letGo.countDown();
        FileHandles.Lease lease = parked.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(read(lease.channel())).isEqualTo("a");
        lease.close();

        assertThat(handles.openCount()).isZero();
        assertThat(opened).noneMatch(FileChannel::isOpen);
        assertThatThrownBy(() -> handles.acquire(path)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void aLeasedChannelOutlivesEvictionForgetAndClose() throws Exception {
        Path held = file("held");
        FileHandles handles = new FileHandles(1, this::track);
        FileHandles.Lease lease = handles.acquire(held);
        for (int i = 0; i < 20; i++) {
            handles.acquire(file("f" + i)).close();
        }
        handles.forget(held);
        handles.close();
        assertThat(read(lease.channel())).isEqualTo("held");
        assertThat(handles.openCount()).isEqualTo(1);
        lease.close();
        assertThat(handles.openCount()).isZero();
        assertThat(opened).noneMatch(FileChannel::isOpen);
    }

    @Test
    void idleFilesAreClosedOldestFirstBeyondMaxOpen() throws Exception {
        try (FileHandles handles = new FileHandles(4, this::track)) {
            Path first = file("first");
            handles.acquire(first).close();
            for (int i = 0; i < 3; i++) {
                handles.acquire(file("f" + i)).close();
                Thread.sleep(2); // a later stamp than the recency resolution (1 ms)
            }
            handles.acquire(first).close(); // first is now the most recent
            Thread.sleep(2);
            handles.acquire(file("last")).close();

            assertThat(handles.openCount()).isLessThanOrEqualTo(4);
            assertThat(opened.get(0).isOpen()).as("the most recently used survives").isTrue();
            assertThat(opened.get(1).isOpen()).as("f0, the least recently used, is closed").isFalse();
            for (int i = 0; i < 100; i++) {
                handles.acquire(file("g" + i)).close();
                assertThat(handles.openCount()).isLessThanOrEqualTo(4);
            }
        }
    }

    @Test
    void aChannelClosedUnderTheCacheIsReplacedAtTheNextLookup() throws Exception {
        Path path = file("a");
        try (FileHandles handles = new FileHandles(4, this::track)) {
            FileChannel first;
            try (FileHandles.Lease lease = handles.acquire(path)) {
                first = lease.channel();
                first.close(); // what an interrupt during a read does to a FileChannel
            }
            try (FileHandles.Lease lease = handles.acquire(path)) {
                assertThat(lease.channel()).isNotSameAs(first);
                assertThat(read(lease.channel())).isEqualTo("a");
            }
            assertThat(handles.openCount()).isEqualTo(1);
        }
    }

    @Test
    void aMissingFileFailsAndIsNotCreated() {
        try (FileHandles handles = new FileHandles(4)) {
            Path missing = dir.resolve("missing");
            assertThatThrownBy(() -> handles.acquire(missing)).isInstanceOf(IOException.class);
            assertThat(missing).doesNotExist();
            assertThat(handles.openCount()).isZero();
        }
    }

    @Test
    void maxOpenBelowOneIsRefused() {
        assertThatThrownBy(() -> new FileHandles(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxOpen must be at least 1, got 0");
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
        channel.read(buffer, 0);
        return new String(buffer.array());
    }

    private static FileHandles.Lease acquire(FileHandles handles, Path path) {
        try {
            return handles.acquire(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void acquireAndRelease(FileHandles handles, Path path) {
        acquire(handles, path).close();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the open go");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the racing opens did not meet", e);
        }
    }
}
