package io.strata.bench.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates and deletes the benchmark's topics through Kafka's admin client, on whichever server is
 * measured (Kafka's brokers or Strata's Kafka listeners), so both get their topics the same way.
 * Used by the bench's one thread.
 */
public final class KafkaTopics implements AutoCloseable {

    private final Admin admin;

    public KafkaTopics(String bootstrap) {
        this(bootstrap, Map.of());
    }

    /** With {@code clientSettings} too (TLS, SASL: the run's {@code --client-config}). */
    public KafkaTopics(String bootstrap, Map<String, String> clientSettings) {
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(config);
    }

    public void create(String topic, int partitions, int replicationFactor) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replicationFactor)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create topic " + topic + " through the Kafka admin API: "
                    + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    public void delete(String topic) throws InterruptedException {
        try {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            System.err.println("could not delete topic " + topic + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
