package io.strata.metadata.process;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.RegisterNodeRequest;
import io.strata.api.v1.WatchMetadataRequest;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.database.ClassPathBinaries;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.metadata.MetadataChannel;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A benchmark, not a test (issue 18, item 3: "metadata of 100,000 partitions where a watcher sees
 * a change in under 100 ms"): one metadata service process on an embedded PostgreSQL, three
 * registered nodes (no partition nodes run: this measures the metadata service alone), then
 * {@code topics × partitions} partitions of RF 3 created through CreateTopic; then
 * <ol>
 *   <li>a new watch from version 0, through a channel built as the services build theirs (grpc's
 *       default 4 MiB inbound limit unless {@code --watcher-max-inbound} says otherwise): the
 *       snapshot's size and the time until it has arrived;</li>
 *   <li>{@code samples} single changes (a one-partition topic created, then deleted): the time
 *       from the CreateTopic/DeleteTopic answer until a watch (already caught up) has the change,
 *       p50/p99/max;</li>
 *   <li>the service's live heap (after {@code jcmd GC.run}).</li>
 * </ol>
 * Progress on stderr, one JSON line on stdout. Run after {@code ./mvnw package -pl metadata-service -am}:
 * <pre>
 * java -cp metadata-service/target/test-classes:$(cat /tmp/cp.txt) io.strata.metadata.process.MetadataScaleBench \
 *      [topics 100] [partitions-per-topic 1000] [samples 100] [heap 512m] [watcher-max-inbound-bytes 0 = grpc default]
 * </pre>
 */
public final class MetadataScaleBench {

    private MetadataScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int topics = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int partitionsPerTopic = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        String heap = args.length > 3 ? args[3] : "512m";
        int watcherMaxInbound = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Path workDir = Files.createTempDirectory("metadata-scale-");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPgBinaryResolver(new ClassPathBinaries())
                .setDataDirectory(workDir.resolve("pg")).start()) {
            Map<String, String> properties = Map.of(
                    "strata.database.url", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                    "strata.database.username", "postgres", "strata.database.password", "postgres",
                    "strata.metadata.data-dir", workDir.resolve("data").toString(),
                    "strata.metadata.lease", "3600s"); // the three nodes never heartbeat
            try (ServiceProcess service = MetadataServiceProcess.start("metadata-scale", workDir, properties, "-Xmx" + heap);
                 MetadataChannel channel = MetadataServiceProcess.channelTo(service)) {
                for (int node = 1; node <= 3; node++) {
                    channel.blocking().registerNode(RegisterNodeRequest.newBuilder().setNodeId(node)
                            .setAddress("127.0.0.1:" + (9100 + node)).build());
                }
                double createS = create(channel, topics, partitionsPerTopic);
                int port = service.spec().healthUrl().getPort();
                Snapshot snapshot = firstSnapshot(port, watcherMaxInbound, "from the database");
                Snapshot cached = firstSnapshot(port, watcherMaxInbound, "from the cache");
                double[] changeMs = changes(channel, port, samples);
                long liveHeap = liveHeap(service);
                System.out.printf("{\"topics\":%d,\"partitions\":%d,\"create_s\":%.1f,\"snapshot_bytes\":%d,\"snapshot_s\":%.2f,"
                                + "\"snapshot_error\":%s,\"cached_snapshot_s\":%.2f,\"change_p50_ms\":%.1f,\"change_p99_ms\":%.1f,\"change_max_ms\":%.1f,"
                                + "\"samples\":%d,\"live_heap_mib\":%d}%n",
                        topics, topics * partitionsPerTopic, createS, snapshot.bytes, snapshot.seconds,
                        snapshot.error == null ? "null" : "\"" + snapshot.error.replace("\"", "'") + "\"", cached.seconds,
                        percentile(changeMs, 0.50), percentile(changeMs, 0.99), percentile(changeMs, 1.0),
                        changeMs.length, liveHeap >> 20);
            }
        }
    }

    private static double create(MetadataChannel channel, int topics, int partitionsPerTopic) throws Exception {
        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        ExecutorService creators = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int t = 0; t < topics; t++) {
                String name = "scale-" + t;
                creates.add(creators.submit(() -> {
                    channel.blocking().withDeadlineAfter(5, TimeUnit.MINUTES).createTopic(CreateTopicRequest.newBuilder()
                            .setName(name).setPartitions(partitionsPerTopic).setReplicationFactor(3).build());
                    int n = done.incrementAndGet();
                    if (n % 10 == 0 || n == topics) {
                        System.err.printf("created %,d of %,d topics (%,d partitions) in %.1f s%n", n, topics,
                                (long) n * partitionsPerTopic, (System.nanoTime() - start) / 1e9);
                    }
                }));
            }
            for (Future<?> create : creates) {
                create.get();
            }
        } finally {
            creators.shutdownNow();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private record Snapshot(long bytes, double seconds, String error) {
    }

    /**
     * A fresh watch from 0 on a channel as the services build theirs; the snapshot's size and
     * arrival time. The service's first snapshot reads every topic from the database; later ones
     * move its cached snapshot forward (the running cluster's case: its watchers keep it warm).
     */
    private static Snapshot firstSnapshot(int port, int maxInbound, String what) throws InterruptedException {
        ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext();
        if (maxInbound > 0) {
            builder.maxInboundMessageSize(maxInbound);
        }
        ManagedChannel watcher = builder.build();
        Context.CancellableContext context = Context.current().withCancellation();
        try {
            long start = System.nanoTime();
            return context.call(() -> {
                try {
                    Iterator<WatchMetadataResponse> stream = MetadataServiceGrpc.newBlockingStub(watcher)
                            .watchMetadata(WatchMetadataRequest.newBuilder().setFromVersion(0).build());
                    WatchMetadataResponse first = stream.next();
                    Snapshot snapshot = new Snapshot(first.getSerializedSize(), (System.nanoTime() - start) / 1e9, null);
                    System.err.printf("snapshot %s: %,d bytes after %.2f s%n", what, snapshot.bytes, snapshot.seconds);
                    return snapshot;
                } catch (RuntimeException e) {
                    System.err.println("snapshot failed: " + e);
                    return new Snapshot(0, (System.nanoTime() - start) / 1e9, e.getMessage());
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            context.cancel(null);
            watcher.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Each sample: a one-partition topic created (odd) or deleted (even); ms from the answer until the watch has it. */
    private static double[] changes(MetadataChannel channel, int port, int samples) throws Exception {
        long from = channel.blocking().describeCluster(DescribeClusterRequest.getDefaultInstance()).getMetadataVersion();
        BlockingQueue<Long> seenAt = new LinkedBlockingQueue<>();
        ManagedChannel watcher = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        Context.CancellableContext context = Context.current().withCancellation();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            thread.submit(() -> context.run(() -> {
                Iterator<WatchMetadataResponse> stream = MetadataServiceGrpc.newBlockingStub(watcher)
                        .watchMetadata(WatchMetadataRequest.newBuilder().setFromVersion(from).build());
                while (stream.hasNext()) {
                    if (stream.next().hasChange()) {
                        seenAt.add(System.nanoTime());
                    }
                }
            }));
            double[] ms = new double[samples];
            for (int i = 0; i < samples; i++) {
                String name = "probe-" + (i / 2);
                long answered;
                if (i % 2 == 0) {
                    channel.blocking().createTopic(CreateTopicRequest.newBuilder().setName(name).setPartitions(1)
                            .setReplicationFactor(3).build());
                } else {
                    channel.blocking().deleteTopic(DeleteTopicRequest.newBuilder().setName(name).build());
                }
                answered = System.nanoTime();
                Long seen = seenAt.poll(30, TimeUnit.SECONDS);
                if (seen == null) {
                    throw new IllegalStateException("the watch did not see change " + (i + 1) + " within 30 s");
                }
                ms[i] = Math.max(0, seen - answered) / 1e6;
            }
            System.err.printf("changes: %d seen, p50 %.1f ms, max %.1f ms%n", samples, percentile(ms, 0.5), percentile(ms, 1.0));
            return ms;
        } finally {
            context.cancel(null);
            thread.shutdownNow();
            watcher.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static long liveHeap(ServiceProcess service) throws IOException, InterruptedException {
        new ProcessBuilder("jcmd", Long.toString(service.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + service.spec().healthUrl().getPort() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return metrics.body().lines().filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
