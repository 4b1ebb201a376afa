package io.strata.bench;

import io.strata.node.log.FileHandles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code ./strata bench handles}: the node's file-handle cache ({@link FileHandles}) under many
 * reader threads, the way fetches of many partitions use it: each read leases a segment's channel,
 * makes one positional read of {@code --read-bytes} at a random place in a random file, and
 * returns the lease.
 *
 * <p>Two cases per thread count: <b>hits</b>, where every file fits in the cache
 * ({@code --files} ≤ max open), so the cache's own lookup and reference counting is what is timed;
 * and <b>misses</b>, a cache of {@code --files}/8 handles, so most reads open a file and evict
 * another. The files are written first and stay in the page cache, so the disk is not measured.
 * Each case runs {@code --seconds} after a warm-up of one second; the JSON line gives reads per
 * second per case and thread count ({@code hit_t4}, {@code miss_t4}, …).
 */
final class HandlesBench {

    private static final Set<String> OPTIONS = Set.of("files", "file-bytes", "read-bytes", "threads", "seconds", "dir");

    private HandlesBench() {
    }

    static void run(BenchOptions options) throws Exception {
        options.requireKnown(OPTIONS);
        int fileCount = options.intValue("files", 2000);
        int fileBytes = options.intValue("file-bytes", 65536);
        int readBytes = options.intValue("read-bytes", 4096);
        double seconds = Double.parseDouble(options.string("seconds", "3"));
        int[] threadCounts = Arrays.stream(options.string("threads", "1,2,4,8").split(","))
                .mapToInt(t -> Integer.parseInt(t.trim())).toArray();
        if (fileCount < 8 || readBytes > fileBytes || readBytes < 1) {
            throw new IllegalArgumentException("need --files ≥ 8 and 1 ≤ --read-bytes ≤ --file-bytes");
        }
        Path dir = Path.of(options.string("dir", "data/bench")).resolve("handles-" + ProcessHandle.current().pid());
        LogBench.progress("handles bench: %,d files of %,d B in %s, reads of %,d B, threads %s, %.1f s per case",
                fileCount, fileBytes, dir, readBytes, Arrays.toString(threadCounts), seconds);
        try {
            Path[] files = writeFiles(dir, fileCount, fileBytes);
            StringBuilder json = new StringBuilder("{");
            for (int threads : threadCounts) {
                for (boolean hits : new boolean[] {true, false}) {
                    int maxOpen = hits ? fileCount : fileCount / 8;
                    double readsS = readsPerSecond(files, maxOpen, threads, fileBytes, readBytes, seconds);
                    LogBench.progress("  %-4s %2d thread(s), max open %,5d: %,12.0f reads/s",
                            hits ? "hit" : "miss", threads, maxOpen, readsS);
                    json.append(json.length() > 1 ? "," : "")
                            .append(String.format(Locale.ROOT, "\"%s_t%d\":%.0f", hits ? "hit" : "miss", threads, readsS));
                }
            }
            System.out.println(json.append('}'));
        } finally {
            LogBench.deleteRecursively(dir);
        }
    }

    private static Path[] writeFiles(Path dir, int count, int bytes) throws IOException {
        Files.createDirectories(dir);
        byte[] content = new byte[bytes];
        new SplittableRandom(42).nextBytes(content);
        Path[] files = new Path[count];
        for (int i = 0; i < count; i++) {
            files[i] = dir.resolve(String.format(Locale.ROOT, "%020d.log", (long) i * 1000));
            try (FileChannel channel = FileChannel.open(files[i], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
            }
        }
        return files;
    }

    private static double readsPerSecond(Path[] files, int maxOpen, int threads, int fileBytes, int readBytes,
                                         double seconds) throws Exception {
        try (FileHandles handles = new FileHandles(maxOpen)) {
            LongAdder reads = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> readers = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(1000 + t);
                Thread reader = new Thread(() -> {
                    ByteBuffer buffer = ByteBuffer.allocate(readBytes);
                    started.countDown();
                    try {
                        while (!stop.get()) {
                            readOnce(handles, files[random.nextInt(files.length)], buffer,
                                    random.nextInt(fileBytes - readBytes + 1));
                            reads.increment();
                        }
                    } catch (IOException | RuntimeException e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "handles-reader-" + t);
                readers.add(reader);
                reader.start();
            }
            started.await();
            Thread.sleep(1000);
            long before = reads.sum();
            long startedNanos = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            long done = reads.sum() - before;
            double elapsed = (System.nanoTime() - startedNanos) / 1e9;
            stop.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a reader failed: " + failures.get(0), failures.get(0));
            }
            return done / elapsed;
        }
    }

    private static void readOnce(FileHandles handles, Path file, ByteBuffer buffer, long position) throws IOException {
        buffer.clear();
        try (FileHandles.Lease lease = handles.acquire(file)) {
            while (buffer.hasRemaining()) {
                if (lease.channel().read(buffer, position + buffer.position()) < 0) {
                    throw new IOException("unexpected end of " + file);
                }
            }
        }
    }
}
