package io.strata.bench.rebalance;

import io.strata.client.TopicPartition;
import io.strata.client.consumer.Consumer;
import io.strata.client.group.RebalanceListener;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A member of the benchmark's group in a process of its own, so that the benchmark can SIGKILL it:
 * no leave request, no callbacks, its heartbeats just stop. It reports what it owns on standard
 * output as {@code assigned 3,7,…} and {@code revoked 3,…} lines, which the benchmark reads into
 * its {@link OwnershipBoard} ({@link #follow}).
 *
 * <p>{@code main(bootstrap, group, topic)}: polls until killed.
 */
public final class MemberProcess {

    private MemberProcess() {
    }

    public static void main(String[] args) {
        Map<String, Object> config = Map.of("bootstrap.servers", args[0], "group.id", args[1]);
        try (Consumer consumer = Consumer.create(config)) {
            consumer.subscribe(List.of(args[2]), new RebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    report("revoked", partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    report("assigned", partitions);
                }
            });
            while (true) {
                consumer.poll(Duration.ofMillis(100));
            }
        }
    }

    private static void report(String what, Collection<TopicPartition> partitions) {
        System.out.println(what + " " + partitions.stream().map(p -> Integer.toString(p.partition()))
                .collect(Collectors.joining(",")));
        System.out.flush();
    }

    /** Starts a member process with this JVM's class path. */
    static Process start(String bootstrap, String group, String topic) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                MemberProcess.class.getName(), bootstrap, group, topic)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Reads the process's reports into the board as {@code name}, on a daemon thread, until it exits. */
    static void follow(Process process, String name, String topic, OwnershipBoard board) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] parts = line.split(" ", 2);
                    List<TopicPartition> partitions = parts.length < 2 || parts[1].isEmpty() ? List.of()
                            : Arrays.stream(parts[1].split(",")).map(p -> new TopicPartition(topic, Integer.parseInt(p))).toList();
                    if (parts[0].equals("assigned")) {
                        board.assigned(name, partitions);
                    } else if (parts[0].equals("revoked")) {
                        board.revoked(name, partitions);
                    }
                }
            } catch (IOException e) {
                // the process was killed: its reports end here
            }
        }, "rebalance-bench-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** SIGKILL, and wait until it is gone. */
    static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
