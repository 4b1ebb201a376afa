package io.strata.examples.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.client.TopicPartition;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Reads an orders topic from its start (every partition assigned, no group) and counts the orders
 * per price sequence number (item {@code s-<n>}): how often the pricer processed each price. Each
 * call reads what arrived since the last. Not thread-safe (one test thread).
 */
final class OrderCounter implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer consumer;
    private final Map<Integer, Integer> counts = new TreeMap<>();
    private int total;

    OrderCounter(String bootstrap, String topic, int partitions) {
        consumer = Consumer.create(Map.of("bootstrap.servers", bootstrap, "auto.offset.reset", "earliest",
                "fetch.max.wait.ms", "100"));
        consumer.assign(IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList());
    }

    /** Sequence number → orders seen for it, after reading what arrived. */
    Map<Integer, Integer> counts() {
        readNew();
        return Map.copyOf(counts);
    }

    /** Orders seen, duplicates included, after reading what arrived. */
    int total() {
        readNew();
        return total;
    }

    private void readNew() {
        List<ConsumerRecord> records;
        do {
            records = consumer.poll(Duration.ofMillis(200));
            records.forEach(this::count);
        } while (!records.isEmpty());
    }

    private void count(ConsumerRecord record) {
        try {
            JsonNode order = JSON.readTree(record.value());
            counts.merge(Integer.parseInt(order.get("item").asText().substring("s-".length())), 1, Integer::sum);
            total++;
        } catch (IOException e) {
            throw new UncheckedIOException("order at offset " + record.offset() + " is not JSON", e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
