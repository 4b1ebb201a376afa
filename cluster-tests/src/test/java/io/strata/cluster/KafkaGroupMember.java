package io.strata.cluster;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One member of a consumer group: an unmodified {@link KafkaConsumer} subscribed to a topic, on a
 * thread of its own, committing (commitSync) after each poll that returned records and before
 * giving partitions up. What the members of one group see goes into one {@link Ledger}: who owns
 * which partition (a partition assigned to a member while another still holds it is a
 * violation), and every record consumed, by whom.
 */
final class KafkaGroupMember implements AutoCloseable {

    /** What every member of a group records, shared by the members. */
    static final class Ledger {
        /** The member holding each partition now. */
        final ConcurrentMap<TopicPartition, String> owners = new ConcurrentHashMap<>();
        /** "partition@offset" → the members that consumed it, in order. */
        final ConcurrentMap<String, List<String>> consumed = new ConcurrentHashMap<>();
        /** Values consumed, with how many times. */
        final ConcurrentMap<String, AtomicInteger> values = new ConcurrentHashMap<>();
        final List<String> violations = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();

        Set<TopicPartition> ownedBy(String member) {
            Set<TopicPartition> owned = new TreeSet<>(java.util.Comparator.comparingInt(TopicPartition::partition));
            owners.forEach((tp, owner) -> {
                if (owner.equals(member)) {
                    owned.add(tp);
                }
            });
            return owned;
        }
    }

    private final String name;
    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final Ledger ledger;
    private final Thread thread;
    private final AtomicInteger revocations = new AtomicInteger();
    private final AtomicInteger commitsRefusedDuringRebalance = new AtomicInteger();
    private volatile boolean stopping;
    private volatile Throwable failure;

    private KafkaGroupMember(String name, String topic, Map<String, Object> config, Ledger ledger) {
        this.name = name;
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(config);
        this.ledger = ledger;
        this.thread = new Thread(this::run, "kafka-member-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts a member named {@code name} (also its client.id) with this consumer config. */
    static KafkaGroupMember start(String name, String topic, Map<String, Object> config, Ledger ledger) {
        Map<String, Object> own = new java.util.HashMap<>(config);
        own.put("client.id", name);
        KafkaGroupMember member = new KafkaGroupMember(name, topic, own, ledger);
        member.thread.start();
        return member;
    }

    String name() {
        return name;
    }

    int revocations() {
        return revocations.get();
    }

    int commitsRefusedDuringRebalance() {
        return commitsRefusedDuringRebalance.get();
    }

    Throwable failure() {
        return failure;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Listener());
            while (!stopping) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, String> record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    String owner = ledger.owners.get(tp);
                    if (!name.equals(owner)) {
                        ledger.violations.add(name + " consumed " + tp + "@" + record.offset() + " while it is owned by " + owner);
                    }
                    ledger.consumed.computeIfAbsent(record.partition() + "@" + record.offset(),
                            key -> new CopyOnWriteArrayList<>()).add(name);
                    ledger.values.computeIfAbsent(record.value(), key -> new AtomicInteger()).incrementAndGet();
                }
                if (!records.isEmpty()) {
                    try {
                        consumer.commitSync(Duration.ofSeconds(30));
                    } catch (RebalanceInProgressException e) {
                        // Cooperative rebalancing: these positions are committed by the next commit,
                        // or in onPartitionsRevoked if the partition moves.
                        commitsRefusedDuringRebalance.incrementAndGet();
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
            ledger.events.add(name + " failed: " + t);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(30));
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
            ledger.owners.values().removeIf(name::equals);
            ledger.events.add(name + " closed");
        }
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            revocations.incrementAndGet();
            consumer.commitSync(Duration.ofSeconds(30));
            partitions.forEach(tp -> ledger.owners.remove(tp, name));
            ledger.events.add(name + " revoked " + partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                String previous = ledger.owners.putIfAbsent(tp, name);
                if (previous != null && !previous.equals(name)) {
                    ledger.violations.add(tp + " assigned to " + name + " while " + previous + " still owns it");
                    ledger.owners.put(tp, name);
                }
            }
            if (!partitions.isEmpty()) {
                ledger.events.add(name + " assigned " + partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> ledger.owners.remove(tp, name));
            ledger.events.add(name + " lost " + partitions);
        }
    }

    /** Stops polling, commits what was consumed, leaves the group (closing the consumer) and waits for that. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("member " + name + " did not stop within 60 s");
        }
    }
}
