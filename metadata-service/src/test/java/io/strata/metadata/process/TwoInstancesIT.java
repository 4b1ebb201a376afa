package io.strata.metadata.process;

import io.grpc.Context;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.RegisterNodeRequest;
import io.strata.api.v1.WatchMetadataRequest;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.metadata.MetadataChannel;
import io.strata.database.ClassPathBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two metadata service processes on one PostgreSQL (started here, given by strata.database.url):
 * changes made concurrently through both reach a watcher on either, dense and in order (the
 * version row lock orders writers across instances; NOTIFY wakes the other instance's watches).
 */
class TwoInstancesIT {

    private static final int CHANGES_PER_INSTANCE = 50;

    @TempDir
    Path workDir;

    @Test
    void aWatchOnOneInstanceSeesEveryChangeMadeThroughEither() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPgBinaryResolver(new ClassPathBinaries()).setDataDirectory(workDir.resolve("pg")).start()) {
            Map<String, String> properties = Map.of(
                    "strata.database.url", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                    "strata.database.username", "postgres", "strata.database.password", "postgres",
                    "strata.metadata.data-dir", workDir.resolve("unused").toString(),
                    "strata.metadata.watch-poll-interval", "30s", // so only NOTIFY can explain a fast watch
                    "strata.metadata.lease", "120s"); // node 1 never heartbeats: it must outlive a slow run
            try (ServiceProcess a = MetadataServiceProcess.start("a", workDir, properties);
                 ServiceProcess b = MetadataServiceProcess.start("b", workDir, properties);
                 MetadataChannel toA = MetadataServiceProcess.channelTo(a);
                 MetadataChannel toB = MetadataServiceProcess.channelTo(b)) {
                toA.blocking().registerNode(RegisterNodeRequest.newBuilder().setNodeId(1).setAddress("127.0.0.1:9101").build());
                long from = toB.blocking().describeCluster(DescribeClusterRequest.getDefaultInstance()).getMetadataVersion();

                List<MetadataChange> seen = new CopyOnWriteArrayList<>();
                Context.CancellableContext watchContext = Context.current().withCancellation();
                ExecutorService threads = Executors.newFixedThreadPool(3);
                try {
                    threads.submit(() -> watchContext.run(() -> {
                        Iterator<WatchMetadataResponse> stream = toB.streaming().watchMetadata(
                                WatchMetadataRequest.newBuilder().setFromVersion(from).build());
                        while (stream.hasNext()) {
                            seen.add(stream.next().getChange());
                        }
                    }));
                    List<Future<?>> writers = new ArrayList<>();
                    List<MetadataServiceGrpc.MetadataServiceBlockingStub> stubs = List.of(toA.blocking(), toB.blocking());
                    for (int instance = 0; instance < stubs.size(); instance++) {
                        MetadataServiceGrpc.MetadataServiceBlockingStub stub = stubs.get(instance);
                        String prefix = "t-" + instance + "-";
                        writers.add(threads.submit(() -> {
                            for (int i = 0; i < CHANGES_PER_INSTANCE; i++) {
                                stub.createTopic(CreateTopicRequest.newBuilder().setName(prefix + i).setPartitions(3)
                                        .setReplicationFactor(1).build());
                            }
                        }));
                    }
                    for (Future<?> writer : writers) {
                        writer.get();
                    }
                    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 2 * CHANGES_PER_INSTANCE);

                    long lastVersion = from + 2 * CHANGES_PER_INSTANCE;
                    long start = System.nanoTime();
                    toA.blocking().createTopic(CreateTopicRequest.newBuilder().setName("timed").setPartitions(1)
                            .setReplicationFactor(1).build());
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                            .until(() -> seen.size() == 2 * CHANGES_PER_INSTANCE + 1);
                    System.out.printf("FIGURES change through instance A seen by a watch on instance B after %.1f ms%n",
                            (System.nanoTime() - start) / 1e6);

                    assertThat(seen).extracting(MetadataChange::getVersion)
                            .isEqualTo(LongStream.rangeClosed(from + 1, lastVersion + 1).boxed().toList());
                    assertThat(seen).allMatch(MetadataChange::hasTopic);
                } finally {
                    watchContext.cancel(null);
                    threads.shutdownNow();
                }
            }
        }
    }
}
