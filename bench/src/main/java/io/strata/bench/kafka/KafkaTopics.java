package io.strata.bench.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates and deletes the benchmark's topics on the Kafka broker, through Kafka's admin client. */
final class KafkaTopics implements AutoCloseable {

    private final Admin admin;

    KafkaTopics(String bootstrap) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    void create(String topic, int partitions, int replicationFactor) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replicationFactor)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create Kafka topic " + topic, e);
        }
    }

    void delete(String topic) throws InterruptedException {
        try {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            System.err.println("could not delete Kafka topic " + topic + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
