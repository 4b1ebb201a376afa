package io.strata.client.config;

import io.strata.api.v1.Acks;
import io.strata.api.v1.ErrorCode;
import io.strata.client.StrataClientException;
import io.strata.client.connection.GatewayAddress;
import org.apache.kafka.common.record.CompressionType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducerConfigTest {

    private static Map<String, Object> base() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "localhost:8080");
        return config;
    }

    private static Map<String, Object> with(Object... pairs) {
        Map<String, Object> config = base();
        for (int i = 0; i < pairs.length; i += 2) {
            config.put((String) pairs[i], pairs[i + 1]);
        }
        return config;
    }

    @Test
    void defaultsAreKafkas() {
        ProducerConfig config = ProducerConfig.of(base());
        assertThat(config.bootstrapServers()).containsExactly(new GatewayAddress("localhost", 8080));
        assertThat(config.acks()).isEqualTo(Acks.ACKS_ALL);
        assertThat(config.idempotence()).isTrue();
        assertThat(config.compression()).isEqualTo(CompressionType.NONE);
        assertThat(config.batchSize()).isEqualTo(16384);
        assertThat(config.lingerMs()).isEqualTo(5);
        assertThat(config.bufferMemory()).isEqualTo(32L << 20);
        assertThat(config.maxRequestSize()).isEqualTo(1 << 20);
        assertThat(config.maxBlockMs()).isEqualTo(60_000);
        assertThat(config.retries()).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.retryBackoffMs()).isEqualTo(100);
        assertThat(config.retryBackoffMaxMs()).isEqualTo(1000);
        assertThat(config.requestTimeoutMs()).isEqualTo(30_000);
        assertThat(config.deliveryTimeoutMs()).isEqualTo(120_000);
    }

    @Test
    void valuesMayBeStringsOrTypedAndPropertiesWork() {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", "a:1, b:2");
        properties.setProperty("linger.ms", " 20 ");
        properties.setProperty("compression.type", "ZSTD");
        properties.setProperty("acks", "-1");
        ProducerConfig config = ProducerConfig.of(properties);
        assertThat(config.bootstrapServers()).containsExactly(new GatewayAddress("a", 1), new GatewayAddress("b", 2));
        assertThat(config.lingerMs()).isEqualTo(20);
        assertThat(config.compression()).isEqualTo(CompressionType.ZSTD);
        assertThat(config.acks()).isEqualTo(Acks.ACKS_ALL);

        assertThat(ProducerConfig.of(with("batch.size", 65536, "enable.idempotence", false)).batchSize()).isEqualTo(65536);
        assertThat(ProducerConfig.of(with("enable.idempotence", false)).idempotence()).isFalse();
    }

    @Test
    void acksBelowAllTurnsIdempotenceOffUnlessItWasAskedFor() {
        assertThat(ProducerConfig.of(with("acks", "1")).idempotence()).isFalse();
        assertThat(ProducerConfig.of(with("acks", "0")).acks()).isEqualTo(Acks.ACKS_NONE);
        assertThat(ProducerConfig.of(with("retries", 0)).idempotence()).isFalse();
        assertRefused(with("acks", "1", "enable.idempotence", "true"), "enable.idempotence=true requires acks=all, got acks=1");
        assertRefused(with("retries", "0", "enable.idempotence", true), "requires retries > 0");
    }

    @Test
    void badValuesAreRefusedNamingTheKeyAndTheValue() {
        assertRefused(with("linger.ms", "soon"), "linger.ms must be an integer from 0 to 2147483647, got 'soon'");
        assertRefused(with("batch.size", -1), "batch.size must be from 0 to 2147483647, got -1");
        assertRefused(with("acks", "2"), "acks must be one of [all, -1, 1, 0], got '2'");
        assertRefused(with("compression.type", "brotli"), "compression.type must be one of [none, gzip, snappy, lz4, zstd], got 'brotli'");
        assertRefused(with("enable.idempotence", "yes"), "enable.idempotence must be true or false, got 'yes'");
        assertRefused(with("max.request.size", "0"), "max.request.size must be from 1");
        assertRefused(with("delivery.timeout.ms", 1000, "request.timeout.ms", 30_000),
                "delivery.timeout.ms must be at least linger.ms + request.timeout.ms = 30005, got 1000");
    }

    @Test
    void aDeliveryTimeoutNotGivenIsRaisedToCoverLingerAndRequestTimeout() {
        assertThat(ProducerConfig.of(with("request.timeout.ms", 200_000)).deliveryTimeoutMs()).isEqualTo(200_005);
    }

    @Test
    void bootstrapServersAreRequiredAndChecked() {
        assertThatThrownBy(() -> ProducerConfig.of(Map.of()))
                .isInstanceOfSatisfying(StrataClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("bootstrap.servers is required");
        assertRefused(Map.of("bootstrap.servers", "localhost"), "bootstrap.servers entry 'localhost' is not host:port");
        assertRefused(Map.of("bootstrap.servers", "localhost:http"), "bootstrap.servers entry 'localhost:http' has no numeric port");
        assertRefused(Map.of("bootstrap.servers", "localhost:70000"), "has port 70000, outside 1-65535");
        assertRefused(Map.of("bootstrap.servers", " , "), "bootstrap.servers must list at least one host:port");
        assertThat(GatewayAddress.parseList("[::1]:8080")).containsExactly(new GatewayAddress("::1", 8080));
    }

    @Test
    void unreadKeysAreReportedForTheWarning() {
        ConfigValues values = ConfigValues.of(with("key.serializer", "x", "linger.ms", 1));
        ProducerConfig.from(values);
        assertThat(values.unread()).containsExactly("key.serializer");
    }

    @Test
    void consumerAndAdminSettingsHaveKafkasDefaultsAndChecks() {
        ConsumerConfig consumer = ConsumerConfig.of(base());
        assertThat(consumer.autoOffsetReset()).isEqualTo(ConsumerConfig.OffsetReset.LATEST);
        assertThat(consumer.fetchMaxWaitMs()).isEqualTo(500);
        assertThat(consumer.maxPartitionFetchBytes()).isEqualTo(1 << 20);
        assertThat(consumer.fetchMaxBytes()).isEqualTo(50L << 20);
        assertThat(consumer.maxPollRecords()).isEqualTo(500);
        assertThat(ConsumerConfig.of(with("auto.offset.reset", "Earliest")).autoOffsetReset())
                .isEqualTo(ConsumerConfig.OffsetReset.EARLIEST);
        assertThatThrownBy(() -> ConsumerConfig.of(with("auto.offset.reset", "smallest")))
                .hasMessage("auto.offset.reset must be one of [earliest, latest, none], got 'smallest'");
        assertThatThrownBy(() -> ConsumerConfig.of(with("max.poll.records", 0)))
                .hasMessage("max.poll.records must be from 1 to 2147483647, got 0");
        assertThat(AdminConfig.of(base()).requestTimeoutMs()).isEqualTo(30_000);
    }

    private static void assertRefused(Map<String, ?> config, String message) {
        assertThatThrownBy(() -> ProducerConfig.of(config))
                .isInstanceOfSatisfying(StrataClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining(message);
    }

}
