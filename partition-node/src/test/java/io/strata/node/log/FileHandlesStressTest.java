package io.strata.node.log;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads acquiring, reading, holding, releasing, forgetting and replacing files through one
 * small cache, each thread's schedule drawn from a seed (printed in every failure). After every
 * step the thread checks what {@link FileHandles} promises:
 * <ul>
 *   <li><b>NoClosedChannelUsed</b>: every read through a lease succeeds, however long the lease is
 *       held while others evict, forget and close (a cache that closes on eviction regardless of
 *       leases fails here);</li>
 *   <li><b>RightFile</b>: a lease of file {@code i} reads file {@code i};</li>
 *   <li><b>NoStaleGeneration</b>: a file replaced by forget, rename, forget (as the log cleaner swaps
 *       a segment) is never read at an older generation by an acquire that began after the swap
 *       (a cache that publishes an open which overlapped a forget fails here);</li>
 *   <li><b>BoundedDescriptors</b>: open channels ≤ maxOpen + leases that may be out + acquires
 *       that may be in progress, and ≤ maxOpen once every thread is done (a cache that never
 *       evicts, or evicts only on a miss, fails here);</li>
 *   <li><b>NoLeak</b>: after close, every channel ever opened is closed and the count says 0.</li>
 * </ul>
 * Real threads make the interleaving vary from run to run; the seed fixes each thread's steps.
 */
class FileHandlesStressTest {

    private static final int FILES = 200;
    private static final int MAX_OPEN = 8;
    private static final int THREADS = 8;
    private static final int STEPS = 4000;
    private static final int MAX_HELD = 3;

    @TempDir
    Path dir;

    private final Set<FileChannel> open = ConcurrentHashMap.newKeySet();
    private final Queue<FileChannel> everOpened = new ConcurrentLinkedQueue<>();
    private final AtomicIntegerArray generation = new AtomicIntegerArray(FILES);
    private final Object[] replacing = new Object[FILES];

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1_000_003, 20_261_206})
    void invariantsHoldUnderConcurrentUse(long seed) throws Exception {
        Path[] files = new Path[FILES];
        for (int i = 0; i < FILES; i++) {
            files[i] = dir.resolve("file-" + i);
            write(files[i], i, 0);
            replacing[i] = new Object();
        }
        List<String> violations = new ArrayList<>();
        FileHandles handles = new FileHandles(MAX_OPEN, this::track);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Walker walker = new Walker(handles, files, new SplittableRandom(seed * 1_000 + t), start);
            Thread thread = new Thread(() -> {
                String violation = walker.walk();
                if (violation != null) {
                    synchronized (violations) {
                        violations.add(violation);
                    }
                }
            }, "handles-walker-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(violations).as("seed %d", seed).isEmpty();
        assertThat(countOpen()).as("BoundedDescriptors at rest, seed %d", seed).isLessThanOrEqualTo(MAX_OPEN);
        assertThat(handles.openCount()).as("the count agrees with the channels, seed %d", seed).isEqualTo(countOpen());
        handles.close();
        assertThat(everOpened).as("NoLeak, seed %d", seed).noneMatch(FileChannel::isOpen);
        assertThat(handles.openCount()).as("NoLeak count, seed %d", seed).isZero();
    }

    /** One thread's seeded walk; returns the first violation seen, or null. */
    private final class Walker {
        private final FileHandles handles;
        private final Path[] files;
        private final SplittableRandom random;
        private final CyclicBarrier start;
        private final Deque<Held> held = new ArrayDeque<>();
        private final ByteBuffer buffer = ByteBuffer.allocate(8);

        Walker(FileHandles handles, Path[] files, SplittableRandom random, CyclicBarrier start) {
            this.handles = handles;
            this.files = files;
            this.random = random;
            this.start = start;
        }

        String walk() {
            try {
                start.await();
                for (int step = 0; step < STEPS; step++) {
                    String violation = step(random.nextInt(100));
                    if (violation == null && step % 16 == 0) {
                        violation = checkBound();
                    }
                    if (violation != null) {
                        return "step " + step + " of " + Thread.currentThread().getName() + ": " + violation;
                    }
                }
                while (!held.isEmpty()) {
                    held.pop().lease().close();
                }
                return null;
            } catch (Exception e) {
                return Thread.currentThread().getName() + " failed: " + e;
            }
        }

        private String step(int dice) throws IOException {
            if (dice < 50 && held.size() < MAX_HELD) {
                int file = random.nextInt(FILES);
                int minimumGeneration = generation.get(file);
                FileHandles.Lease lease = handles.acquire(files[file]);
                held.push(new Held(file, lease));
                return check(file, lease, minimumGeneration);
            } else if (dice < 80 && !held.isEmpty()) {
                Held release = random.nextBoolean() ? held.pollFirst() : held.pollLast();
                String violation = check(release.file(), release.lease(), 0);
                release.lease().close();
                return violation;
            } else if (dice < 88) {
                handles.forget(files[random.nextInt(FILES)]);
            } else if (dice < 90) {
                replace(random.nextInt(FILES));
            } else if (!held.isEmpty()) {
                Held again = held.peekFirst();
                return check(again.file(), again.lease(), 0);
            }
            return null;
        }

        /** Swaps in the next generation of a file the way the cleaner swaps a segment: forget, rename, forget. */
        private void replace(int file) throws IOException {
            synchronized (replacing[file]) {
                int next = generation.get(file) + 1;
                Path staged = files[file].resolveSibling(files[file].getFileName() + ".next");
                write(staged, file, next);
                handles.forget(files[file]);
                Files.move(staged, files[file], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                handles.forget(files[file]);
                generation.set(file, next);
            }
        }

        private String check(int file, FileHandles.Lease lease, int minimumGeneration) {
            buffer.clear();
            try {
                while (buffer.hasRemaining()) {
                    if (lease.channel().read(buffer, buffer.position()) < 0) {
                        return "file " + file + " ended early";
                    }
                }
            } catch (IOException e) {
                return "NoClosedChannelUsed: reading file " + file + " through a held lease failed: " + e;
            }
            int index = buffer.getInt(0);
            int readGeneration = buffer.getInt(4);
            if (index != file) {
                return "RightFile: a lease of file " + file + " read file " + index;
            }
            if (readGeneration < minimumGeneration) {
                return "NoStaleGeneration: file " + file + " read at generation " + readGeneration
                        + " after generation " + minimumGeneration + " was swapped in";
            }
            return null;
        }

        private String checkBound() {
            int bound = MAX_OPEN + THREADS * MAX_HELD + THREADS;
            int now = countOpen();
            return now <= bound ? null : "BoundedDescriptors: " + now + " channels open, more than " + bound;
        }
    }

    private record Held(int file, FileHandles.Lease lease) {
    }

    private FileChannel track(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        open.add(channel);
        everOpened.add(channel);
        return channel;
    }

    private int countOpen() {
        open.removeIf(channel -> !channel.isOpen());
        return open.size();
    }

    private static void write(Path path, int index, int generation) throws IOException {
        ByteBuffer content = ByteBuffer.allocate(4096);
        content.putInt(0, index).putInt(4, generation);
        Files.write(path, content.array());
    }
}
