package io.strata.cluster;

import io.strata.client.producer.Producer;
import io.strata.client.producer.ProducerRecord;
import io.strata.client.producer.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Produces to every partition of a topic, one record each in turn, on a thread of its own until
 * closed, and keeps every acknowledged record: what a consumer group must deliver at least once.
 * Values are unique ({@code v-<n>}). Each round waits for its acknowledgements, so the rate follows
 * the cluster's round trip instead of a sleep, and a failure stops it and is thrown by
 * {@link #close()}.
 */
final class SteadyProducer implements AutoCloseable {

    private final Producer producer;
    private final String topic;
    private final int partitions;
    private final List<GroupMember.Processed> acknowledged = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    SteadyProducer(String bootstrap, String topic, int partitions) {
        this.producer = Producer.create(Map.of("bootstrap.servers", bootstrap, "acks", "all"));
        this.topic = topic;
        this.partitions = partitions;
        this.thread = new Thread(this::produce, "steady-producer-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void produce() {
        long next = 0;
        try {
            while (running) {
                List<CompletableFuture<RecordMetadata>> round = new ArrayList<>();
                List<String> values = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    String value = "v-" + next++;
                    values.add(value);
                    round.add(producer.send(new ProducerRecord(topic, p, null, value.getBytes(StandardCharsets.UTF_8))));
                }
                producer.flush();
                for (int i = 0; i < round.size(); i++) {
                    RecordMetadata written = round.get(i).get(30, TimeUnit.SECONDS);
                    record(new GroupMember.Processed(written.partition(), written.offset(), values.get(i)));
                }
            }
        } catch (Exception e) {
            failure = new IllegalStateException("producing to " + topic + " failed", e);
        }
    }

    private synchronized void record(GroupMember.Processed written) {
        acknowledged.add(written);
    }

    /** Every record acknowledged so far. */
    synchronized List<GroupMember.Processed> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** Stops producing, waits for the last round, closes the producer; throws what stopped it early. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(60));
        producer.close();
        if (failure != null) {
            throw failure;
        }
    }
}
