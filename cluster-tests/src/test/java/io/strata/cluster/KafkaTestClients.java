package io.strata.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Apache Kafka's own Java clients (kafka-clients) pointed at a Strata cluster's Kafka listeners. */
final class KafkaTestClients {

    static final Duration READ_BOUND = Duration.ofSeconds(90);

    private KafkaTestClients() {
    }

    static Map<String, Object> producerConfig(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "strata-it-producer");
        return config;
    }

    static Map<String, Object> consumerConfig(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "strata-it-consumer");
        return config;
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "strata-it-admin"));
    }

    /** Creates a topic through Kafka's Admin and waits until every partition has a leader in the ISR. */
    static void createTopic(Admin admin, String topic, int partitions, int replicationFactor, Map<String, String> configs)
            throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replicationFactor).configs(configs)))
                .all().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topic);
            assertThat(description.partitions()).hasSize(partitions);
            for (TopicPartitionInfo partition : description.partitions()) {
                assertThat(partition.leader()).as(topic + "-" + partition.partition() + " leader").isNotNull();
                assertThat(partition.isr()).as(topic + "-" + partition.partition() + " ISR").contains(partition.leader());
            }
        });
    }

    /**
     * Every record of {@code topic} from the beginning, by partition in offset order, read with
     * assign() and seekToBeginning() until each partition's end offset (high watermark) and at
     * least {@code atLeast} records (writes that are not acknowledged may still be on their way),
     * or for at most {@link #READ_BOUND}: the caller's assertions then say what is missing.
     */
    static Map<Integer, List<ConsumerRecord<String, String>>> readAll(String bootstrap, String topic, int atLeast) {
        return readAll(consumerConfig(bootstrap), topic, atLeast);
    }

    /** {@link #readAll(String, String, int)} with more consumer settings (e.g. TLS). */
    static Map<Integer, List<ConsumerRecord<String, String>>> readAll(String bootstrap, String topic, int atLeast,
                                                                      Map<String, Object> settings) {
        Map<String, Object> config = consumerConfig(bootstrap);
        config.putAll(settings);
        return readAll(config, topic, atLeast);
    }

    /** {@link #readAll(String, String, int)} with a consumer config of the caller's (e.g. SASL settings added). */
    static Map<Integer, List<ConsumerRecord<String, String>>> readAll(Map<String, Object> consumerConfig, String topic, int atLeast) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "strata-it-reader");
        Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(tp -> byPartition.put(tp.partition(), new ArrayList<>()));
            int read = 0;
            long deadline = System.nanoTime() + READ_BOUND.toNanos();
            // Until the end (and enough records), or the bound: the caller's assertions then say what is missing.
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    byPartition.get(record.partition()).add(record);
                    read++;
                }
                if (read >= atLeast && atEnd(consumer, partitions)) {
                    break;
                }
            }
        }
        return byPartition;
    }

    private static boolean atEnd(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        return partitions.stream().allMatch(tp -> consumer.position(tp, Duration.ofSeconds(10)) >= ends.get(tp));
    }

    /** {@code config} plus SASL_PLAINTEXT with a SCRAM {@code mechanism} as {@code user}. */
    static Map<String, Object> scram(Map<String, Object> config, String mechanism, String user, String password) {
        Map<String, Object> with = new HashMap<>(config);
        with.put(org.apache.kafka.clients.CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        with.put(org.apache.kafka.common.config.SaslConfigs.SASL_MECHANISM, mechanism);
        with.put(org.apache.kafka.common.config.SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";");
        return with;
    }

    /** The sum of the log end offsets of partitions 0 … {@code partitions - 1} of {@code topic}. */
    static long logEndOffsets(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(30, java.util.concurrent.TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }
}
