package io.strata.cluster;

import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerRecord;
import io.strata.client.group.RebalanceListener;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One consumer-group member as a process of its own, so that {@link ConsumerGroupIT} can SIGKILL it
 * as a real consumer dies: whatever it had not written out is gone, whatever it had not committed
 * is delivered again to the next owner. Started (and always stopped) by {@link GroupMember}.
 *
 * <p>Arguments: {@code <bootstrap> <group> <topic> <name> <AFTER_EACH_POLL|NEVER> <records file>}.
 *
 * <p>The records file (appended, flushed after each poll, before any commit, so that it holds
 * exactly what the member processed when it is killed) has one line per processed record,
 * {@code <partition> <offset> <value>}, and, after each commit the coordinator accepted,
 * {@code commit <partition> <offset>} per partition committed (offset = next record to read).
 *
 * <p>Standard input drives it: it starts (JVM, classes, client) and prints {@code ready}, then
 * joins the group when it reads {@code subscribe}, so that a test can start members ahead and time
 * a join without the JVM's start-up in it; {@code close}, or the end of input (the test JVM is
 * gone), makes it commit (in AFTER_EACH_POLL mode), leave the group and exit 0.
 *
 * <p>Standard output: {@code ready}, {@code subscribing <epoch ms>} just before its first
 * heartbeat, {@code assigned|revoked|lost <partitions>} from the rebalance listener,
 * {@code assignment <partitions>} whenever what it owns changed, {@code commit failed …} when the
 * coordinator refused a commit, {@code closed} at the end.
 */
public final class GroupMemberProcess {

    /** When the member commits what it processed. */
    public enum CommitMode { AFTER_EACH_POLL, NEVER }

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final CommitMode mode;
    private final BufferedWriter records;
    private volatile boolean closing;

    private GroupMemberProcess(CommitMode mode, BufferedWriter records) {
        this.mode = mode;
        this.records = records;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: GroupMemberProcess <bootstrap> <group> <topic> <name> <AFTER_EACH_POLL|NEVER> <records file>");
            System.exit(2);
        }
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[5]), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
             Consumer consumer = Consumer.create(Map.of("bootstrap.servers", args[0], "group.id", args[1],
                     "auto.offset.reset", "earliest", "enable.auto.commit", "false"))) {
            GroupMemberProcess member = new GroupMemberProcess(CommitMode.valueOf(args[4]), out);
            System.out.println("member " + args[3] + " of group " + args[1] + ", commits " + args[4]);
            warmUp(consumer, args[2]);
            System.out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (awaitSubscribe(in)) {
                member.watchForClose(in);
                member.run(consumer, args[2]);
            }
        }
        System.out.println("closed");
        System.exit(0);
    }

    /**
     * Asks the gateway once for a position (a ListOffsets) before saying ready, so that a timed
     * join does not pay for the process's first call: class loading, the connection to the gateway.
     */
    private static void warmUp(Consumer consumer, String topic) {
        TopicPartition first = new TopicPartition(topic, 0);
        try {
            consumer.assign(List.of(first));
            consumer.position(first);
        } catch (StrataClientException failure) {
            System.out.println("warm-up failed (a timed join will include the first connection): " + failure);
        } finally {
            consumer.assign(List.of());
        }
    }

    /** True once "subscribe" was read; false at "close" or the end of input. */
    private static boolean awaitSubscribe(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("subscribe")) {
                return true;
            }
            if (line.trim().equals("close")) {
                return false;
            }
        }
        return false;
    }

    /** From now on a line "close", or the end of input, asks for a clean close. */
    private void watchForClose(BufferedReader in) {
        Thread watcher = new Thread(() -> {
            try {
                String line;
                while ((line = in.readLine()) != null && !line.trim().equals("close")) {
                    // nothing else means anything now
                }
            } catch (IOException e) {
                // treated as the end of input
            }
            closing = true;
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void run(Consumer consumer, String topic) throws IOException {
        System.out.println("subscribing " + System.currentTimeMillis());
        consumer.subscribe(List.of(topic), new PrintingListener());
        String lastAssignment = "";
        while (!closing) {
            List<ConsumerRecord> polled = pollQuietly(consumer);
            process(polled);
            if (mode == CommitMode.AFTER_EACH_POLL) {
                commit(consumer, polled);
            }
            String assignment = sorted(consumer.assignment());
            if (!assignment.equals(lastAssignment)) {
                System.out.println("assignment " + assignment);
                lastAssignment = assignment;
            }
        }
    }

    private static List<ConsumerRecord> pollQuietly(Consumer consumer) {
        try {
            return consumer.poll(POLL_TIMEOUT);
        } catch (StrataClientException failure) {
            System.out.println("poll failed: " + failure);
            return List.of();
        }
    }

    /** Writes the records out and flushes: from here on they count as processed. */
    private void process(List<ConsumerRecord> polled) throws IOException {
        for (ConsumerRecord record : polled) {
            records.write(record.partition() + " " + record.offset() + " "
                    + new String(record.value(), StandardCharsets.UTF_8));
            records.newLine();
        }
        records.flush();
    }

    /** Commits the position after each partition's last polled record, and notes what was accepted. */
    private void commit(Consumer consumer, List<ConsumerRecord> polled) throws IOException {
        Map<TopicPartition, Long> offsets = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        polled.forEach(r -> offsets.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max));
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (StrataClientException failure) {
            System.out.println("commit failed (its records will be delivered again): " + failure);
            return;
        }
        for (Map.Entry<TopicPartition, Long> committed : offsets.entrySet()) {
            records.write("commit " + committed.getKey().partition() + " " + committed.getValue());
            records.newLine();
        }
        records.flush();
    }

    private static String sorted(Collection<TopicPartition> partitions) {
        TreeSet<Integer> numbers = new TreeSet<>();
        partitions.forEach(tp -> numbers.add(tp.partition()));
        return numbers.toString().replace(" ", "");
    }

    /** Prints each change of ownership as the group makes it. */
    private static final class PrintingListener implements RebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            System.out.println("revoked " + sorted(partitions));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            System.out.println("assigned " + sorted(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            System.out.println("lost " + sorted(partitions));
        }
    }
}
