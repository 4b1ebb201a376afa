package io.strata.connector;

import io.strata.connector.commit.CommitStrategy;
import io.strata.connector.failure.FailureStrategy;
import io.strata.connector.inbound.SourceSettings;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How channel attributes become settings, without a cluster: defaults, client keys, and clear refusals. */
class StrataConnectorConfigTest {

    private static SourceSettings incoming(Map<String, String> attributes) {
        var config = ChannelConfig.of("prices", attributes);
        return StrataConnector.sourceSettings(new StrataConnectorIncomingConfiguration(config), StrataConnector.clientConfig(config));
    }

    @Test
    void defaultsAreSmallryeKafkas() {
        SourceSettings settings = incoming(Map.of("group.id", "pricing"));
        assertThat(settings.topics()).containsExactly("prices");
        assertThat(settings.pattern()).isNull();
        assertThat(settings.commitStrategy()).isEqualTo(CommitStrategy.THROTTLED);
        assertThat(settings.failureStrategy()).isEqualTo(FailureStrategy.FAIL);
        assertThat(settings.deadLetterTopic()).isEqualTo("dead-letter-topic-prices");
        assertThat(settings.commitIntervalMs()).isEqualTo(5000);
        assertThat(settings.unprocessedRecordMaxAgeMs()).isEqualTo(60000);
        assertThat(settings.maxQueueSize()).isEqualTo(1000);
        assertThat(settings.pauseIfNoRequests()).isTrue();
        assertThat(settings.clientConfig()).containsEntry("bootstrap.servers", "localhost:8080")
                .containsEntry("group.id", "pricing").containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "latest");
    }

    @Test
    void kafkaStyleKeysGoToTheClientAndConnectorAttributesDoNot() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("topic", "quotes");
        attributes.put("max.poll.records", "50");
        attributes.put("fetch.max.wait.ms", "100");
        attributes.put("failure-strategy", "dead-letter-queue");
        attributes.put("dead-letter-queue.topic", "bad-quotes");
        SourceSettings settings = incoming(attributes);
        assertThat(settings.topics()).containsExactly("quotes");
        assertThat(settings.maxQueueSize()).isEqualTo(100);
        assertThat(settings.failureStrategy()).isEqualTo(FailureStrategy.DEAD_LETTER_QUEUE);
        assertThat(settings.deadLetterTopic()).isEqualTo("bad-quotes");
        assertThat(settings.clientConfig()).containsEntry("max.poll.records", "50").containsEntry("fetch.max.wait.ms", "100")
                .doesNotContainKeys("topic", "failure-strategy", "dead-letter-queue.topic", "channel-name", "connector");
        assertThat(settings.clientConfig().get("group.id").toString()).hasSize(36); // a random UUID
    }

    @Test
    void topicsAndPatterns() {
        assertThat(incoming(Map.of("topics", "a, b,c")).topics()).isEqualTo(List.of("a", "b", "c"));
        assertThat(incoming(Map.of("topic", "prices-.*", "pattern", "true")).pattern().pattern()).isEqualTo("prices-.*");
        assertThatThrownBy(() -> incoming(Map.of("topic", "prices-(", "pattern", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("channel prices: topic=prices-( is not a regular expression (pattern=true)");
    }

    @Test
    void partitionsBelowOneIsRefused() {
        StrataConnector connector = new StrataConnector();
        assertThatThrownBy(() -> connector.getPublisher(ChannelConfig.of("prices", Map.of("topic", "prices", "partitions", "0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("channel prices: partitions=0 must be at least 1 (the number of consumers of the channel)");
    }

    @Test
    void aChannelWithSeveralConsumersIsOneHealthEntryNamingTheConsumerThatIsNotReady() {
        StrataConnector connector = new StrataConnector();
        try {
            connector.getPublisher(ChannelConfig.of("prices", Map.of("topic", "prices", "partitions", "2")));
            assertThat(connector.getReadiness().getChannels()).singleElement().satisfies(channel -> {
                assertThat(channel.getChannel()).isEqualTo("prices");
                assertThat(channel.isOk()).isFalse();
                assertThat(channel.getMessage()).isEqualTo("strata-poll-prices-0: not polling (not subscribed yet, or closed)");
            });
            assertThat(connector.getLiveness().getChannels()).singleElement()
                    .satisfies(channel -> assertThat(channel.isOk()).isTrue());
        } finally {
            connector.close();
        }
    }

    @Test
    void autoCommitMeansIgnoreAndRefusesACommittingStrategy() {
        assertThat(incoming(Map.of("enable.auto.commit", "true")).commitStrategy()).isEqualTo(CommitStrategy.IGNORE);
        assertThatThrownBy(() -> incoming(Map.of("enable.auto.commit", "true", "commit-strategy", "latest")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("channel prices: commit-strategy=latest commits acknowledged offsets itself; it cannot be combined"
                        + " with enable.auto.commit=true");
    }

    @Test
    void unknownStrategiesAreNamed() {
        assertThatThrownBy(() -> incoming(Map.of("commit-strategy", "sometimes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("commit-strategy=sometimes is not one of throttled, latest, ignore");
        assertThatThrownBy(() -> incoming(Map.of("failure-strategy", "retry")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failure-strategy=retry is not one of fail, ignore, dead-letter-queue");
    }
}
