package io.strata.connector;

import io.smallrye.reactive.messaging.annotations.ConnectorAttribute;
import io.smallrye.reactive.messaging.annotations.ConnectorAttribute.Direction;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.connector.OutboundConnector;
import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.health.HealthReporter;
import io.micrometer.core.instrument.Metrics;
import io.smallrye.mutiny.Multi;
import io.strata.client.producer.Producer;
import io.strata.connector.commit.CommitStrategy;
import io.strata.connector.failure.DeadLetterQueue;
import io.strata.connector.failure.FailStop;
import io.strata.connector.failure.FailureHandler;
import io.strata.connector.failure.FailureStrategy;
import io.strata.connector.failure.IgnoreFailure;
import io.strata.connector.inbound.SourceSettings;
import io.strata.connector.metrics.ProducerMeters;
import io.strata.connector.inbound.StrataSource;
import io.strata.connector.outbound.SinkSettings;
import io.strata.connector.outbound.StrataSink;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code smallrye-strata} connector: SmallRye Reactive Messaging channels on Strata topics,
 * through the Strata Java client (which talks gRPC to the gateway). Attributes are named as
 * smallrye-kafka's where they mean the same, so an application moves between the two by changing
 * {@code connector=}; every other attribute without a dash in its name (e.g.
 * {@code max.poll.records}, {@code linger.ms}) is handed to the Strata consumer or producer as a
 * client setting, as smallrye-kafka hands them to Kafka's clients.
 *
 * <p>Thread-safe: channels are created by SmallRye at start-up; each incoming channel runs its
 * own poll thread ({@link StrataSource}), each outgoing channel one producer ({@link StrataSink}).
 * When the application stops, every channel is closed: incoming channels commit what was
 * acknowledged ({@code graceful-shutdown}), outgoing ones send what is queued.
 */
@ApplicationScoped
@Connector(StrataConnector.CONNECTOR_NAME)
@ConnectorAttribute(name = "bootstrap.servers", alias = "strata.bootstrap.servers", type = "string", direction = Direction.INCOMING_AND_OUTGOING, defaultValue = "localhost:8080", description = "host:port[,host:port] of the Strata gateway(s) (gRPC on the gateway's HTTP port, 8080 for ./strata up). The alias strata.bootstrap.servers sets it for every channel")
@ConnectorAttribute(name = "topic", type = "string", direction = Direction.INCOMING_AND_OUTGOING, description = "The topic read or written; the channel name when not set. With pattern=true, a regular expression a whole topic name must match")
@ConnectorAttribute(name = "topics", type = "string", direction = Direction.INCOMING, description = "A comma-separated list of topics to read, instead of topic")
@ConnectorAttribute(name = "pattern", type = "boolean", direction = Direction.INCOMING, defaultValue = "false", description = "Whether topic is a regular expression (topics created later that match are read too)")
@ConnectorAttribute(name = "group.id", type = "string", direction = Direction.INCOMING, description = "The consumer group; a random UUID when not set (then nothing committed is ever read back)")
@ConnectorAttribute(name = "key.deserializer", type = "string", direction = Direction.INCOMING, defaultValue = "org.apache.kafka.common.serialization.StringDeserializer", description = "Kafka Deserializer class of record keys")
@ConnectorAttribute(name = "value.deserializer", type = "string", direction = Direction.INCOMING, defaultValue = "org.apache.kafka.common.serialization.StringDeserializer", description = "Kafka Deserializer class of record values (io.strata.connector.serde.JsonDeserializer for JSON, with json.value.type)")
@ConnectorAttribute(name = "auto.offset.reset", type = "string", direction = Direction.INCOMING, defaultValue = "latest", description = "Where a partition without a committed offset starts: earliest, latest or none")
@ConnectorAttribute(name = "enable.auto.commit", type = "boolean", direction = Direction.INCOMING, defaultValue = "false", description = "Let the client commit positions of what it returned (then commit-strategy defaults to ignore)")
@ConnectorAttribute(name = "commit-strategy", type = "string", direction = Direction.INCOMING, description = "throttled, latest or ignore; throttled unless enable.auto.commit=true (then ignore)")
@ConnectorAttribute(name = "auto.commit.interval.ms", type = "int", direction = Direction.INCOMING, defaultValue = "5000", description = "How often the throttled strategy commits (ms)")
@ConnectorAttribute(name = "throttled.unprocessed-record-max-age.ms", type = "int", direction = Direction.INCOMING, defaultValue = "60000", description = "throttled: the channel fails when a record waits longer than this (ms) for its acknowledgement; 0 or less turns the check off")
@ConnectorAttribute(name = "failure-strategy", type = "string", direction = Direction.INCOMING, defaultValue = "fail", description = "What a nack does: fail (the channel stops), ignore (logged, counts as processed) or dead-letter-queue")
@ConnectorAttribute(name = "dead-letter-queue.topic", type = "string", direction = Direction.INCOMING, description = "failure-strategy=dead-letter-queue: the topic nacked records go to; dead-letter-topic-<channel> when not set. It must exist")
@ConnectorAttribute(name = "batch", type = "boolean", direction = Direction.INCOMING, defaultValue = "false", description = "One message per partition per poll, its payload the list of the records' values (IncomingStrataRecordBatchMetadata); acking it acks every record")
@ConnectorAttribute(name = "pause-if-no-requests", type = "boolean", direction = Direction.INCOMING, defaultValue = "true", description = "Pause the channel's partitions while max-queue-size-factor × max.poll.records records wait for the application to ask for them")
@ConnectorAttribute(name = "max-queue-size-factor", type = "int", direction = Direction.INCOMING, defaultValue = "2", description = "The bound of records polled and not yet requested, as a multiple of max.poll.records (500 unless set)")
@ConnectorAttribute(name = "partitions", type = "int", direction = Direction.INCOMING, defaultValue = "1", description = "How many consumers the channel runs, each a member of the group polling on a thread of its own (strata-poll-<channel>-<n>); their records are merged, those of one partition stay in order")
@ConnectorAttribute(name = "poll-timeout", type = "int", direction = Direction.INCOMING, defaultValue = "1000", description = "The longest one poll waits for records (ms)")
@ConnectorAttribute(name = "graceful-shutdown", type = "boolean", direction = Direction.INCOMING, defaultValue = "true", description = "On shutdown, commit what was acknowledged before the consumer leaves its group")
@ConnectorAttribute(name = "close-timeout", type = "int", direction = Direction.INCOMING, defaultValue = "10000", description = "How long shutdown waits for the poll thread to commit and close (ms)")
@ConnectorAttribute(name = "key.serializer", type = "string", direction = Direction.OUTGOING, defaultValue = "org.apache.kafka.common.serialization.StringSerializer", description = "Kafka Serializer class of record keys")
@ConnectorAttribute(name = "value.serializer", type = "string", direction = Direction.OUTGOING, defaultValue = "org.apache.kafka.common.serialization.StringSerializer", description = "Kafka Serializer class of record values (io.strata.connector.serde.JsonSerializer for JSON)")
@ConnectorAttribute(name = "key", type = "string", direction = Direction.OUTGOING, description = "The key of every record whose message has no key in its OutgoingStrataRecordMetadata")
@ConnectorAttribute(name = "partition", type = "int", direction = Direction.OUTGOING, defaultValue = "-1", description = "The partition of every record whose message names none; -1: by key (murmur2), sticky without a key")
@ConnectorAttribute(name = "acks", type = "string", direction = Direction.OUTGOING, defaultValue = "all", description = "When a record counts as written, and its message is acked: all (every in-sync replica), 1 (the leader) or 0 (sent)")
@ConnectorAttribute(name = "max-inflight-messages", type = "long", direction = Direction.OUTGOING, defaultValue = "1024", description = "Messages sent and not yet acknowledged by the cluster before the channel stops asking for more")
@ConnectorAttribute(name = "wait-for-write-completion", type = "boolean", direction = Direction.OUTGOING, defaultValue = "true", description = "Ack a message when the cluster acknowledged its record (true) or once handed to the producer (false)")
@ConnectorAttribute(name = "health-enabled", type = "boolean", direction = Direction.INCOMING, defaultValue = "true", description = "Whether the channel reports to SmallRye Health: live unless failed, ready while it polls in its group")
public class StrataConnector implements InboundConnector, OutboundConnector, HealthReporter {

    public static final String CONNECTOR_NAME = "smallrye-strata";

    /** Attributes that are the connector's own, never handed to the client (those with a dash are left out too). */
    private static final List<String> CONNECTOR_ATTRIBUTES = List.of("channel-name", "connector", "topic", "topics",
            "pattern", "key", "partition", "batch");

    private final List<StrataSource> sources = new CopyOnWriteArrayList<>();
    private final List<StrataSink> sinks = new CopyOnWriteArrayList<>();
    private final List<StrataSource> reported = new CopyOnWriteArrayList<>();

    /**
     * The channel's publisher: one {@link StrataSource} (one consumer), or with {@code partitions=n}
     * n of them in the same group, merged; each source's records stay in offset order per partition
     * through the merge, and a partition is owned by one consumer at a time.
     */
    @Override
    public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
        StrataConnectorIncomingConfiguration incoming = new StrataConnectorIncomingConfiguration(config);
        int consumers = incoming.getPartitions();
        if (consumers < 1) {
            throw new IllegalArgumentException("channel " + incoming.getChannel() + ": partitions=" + consumers
                    + " must be at least 1 (the number of consumers of the channel)");
        }
        SourceSettings settings = sourceSettings(incoming, clientConfig(config));
        List<StrataSource> made = new ArrayList<>(consumers);
        for (int index = 0; index < consumers; index++) {
            String thread = "strata-poll-" + settings.channel() + (consumers == 1 ? "" : "-" + index);
            made.add(new StrataSource(settings, failureHandler(settings, ProducerMeters.deadLetterQueueRole(index, consumers)), Duration.ofMillis(incoming.getCloseTimeout()), thread));
        }
        sources.addAll(made);
        if (incoming.getHealthEnabled()) {
            reported.addAll(made);
        }
        if (consumers == 1) {
            return made.get(0);
        }
        return Multi.createBy().merging().withConcurrency(consumers).streams(made);
    }

    @Override
    public Flow.Subscriber<? extends Message<?>> getSubscriber(Config config) {
        StrataConnectorOutgoingConfiguration outgoing = new StrataConnectorOutgoingConfiguration(config);
        Map<String, Object> client = clientConfig(config);
        client.put("bootstrap.servers", outgoing.getBootstrapServers());
        client.put("acks", outgoing.getAcks());
        SinkSettings settings = new SinkSettings(outgoing.getChannel(), outgoing.getTopic().orElse(outgoing.getChannel()),
                outgoing.getKey().orElse(null), outgoing.getPartition(), outgoing.getMaxInflightMessages(),
                outgoing.getWaitForWriteCompletion(), outgoing.getKeySerializer(), outgoing.getValueSerializer(), client);
        StrataSink sink = new StrataSink(settings);
        sinks.add(sink);
        return sink;
    }

    /** Liveness: an incoming channel is live unless it failed (the message says why). */
    @Override
    public HealthReport getLiveness() {
        return report(source -> {
            Throwable failure = source.failure();
            return failure == null ? null : failure.toString();
        });
    }

    /** Readiness (and start-up): an incoming channel is ready while it polls in its group. */
    @Override
    public HealthReport getReadiness() {
        return report(source -> {
            Throwable failure = source.failure();
            return failure != null ? failure.toString() : source.isPolling() ? null : "not polling (not subscribed yet, or closed)";
        });
    }

    /**
     * One entry per channel: OK when {@code problem} finds none in any of its sources (consumers),
     * else KO with the first problem found, naming the consumer's thread when the channel has several.
     */
    private HealthReport report(Function<StrataSource, String> problem) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (StrataSource source : reported) {
            String channel = source.settings().channel();
            String found = problem.apply(source);
            if (!problems.containsKey(channel) || problems.get(channel) == null && found != null) {
                boolean several = !source.threadName().equals("strata-poll-" + channel);
                problems.put(channel, found == null || !several ? found : source.threadName() + ": " + found);
            }
        }
        HealthReport.HealthReportBuilder report = HealthReport.builder();
        problems.forEach((channel, found) -> report.add(channel, found == null, found));
        return report.build();
    }

    /** Closes every channel when the application stops (before the beans are destroyed, as smallrye-kafka does). */
    public void terminate(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(50) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        close();
    }

    /** Closes every channel this connector made: incoming ones commit what was acknowledged, outgoing ones flush. */
    public void close() {
        sources.forEach(StrataSource::close);
        sinks.forEach(StrataSink::close);
        sources.clear();
        sinks.clear();
        reported.clear();
    }

    /** The incoming channels made so far and not closed. */
    List<StrataSource> sources() {
        return List.copyOf(sources);
    }

    static SourceSettings sourceSettings(StrataConnectorIncomingConfiguration incoming, Map<String, Object> client) {
        String channel = incoming.getChannel();
        client.put("bootstrap.servers", incoming.getBootstrapServers());
        client.put("group.id", incoming.getGroupId().orElseGet(() -> UUID.randomUUID().toString()));
        client.put("enable.auto.commit", incoming.getEnableAutoCommit().toString());
        client.put("auto.offset.reset", incoming.getAutoOffsetReset());
        CommitStrategy commitStrategy = CommitStrategy.of(incoming.getCommitStrategy()
                .orElse(incoming.getEnableAutoCommit() ? "ignore" : "throttled"));
        if (commitStrategy != CommitStrategy.IGNORE && incoming.getEnableAutoCommit()) {
            throw new IllegalArgumentException("channel " + channel + ": commit-strategy=" + incoming.getCommitStrategy().get()
                    + " commits acknowledged offsets itself; it cannot be combined with enable.auto.commit=true");
        }
        List<String> topics = List.of();
        Pattern pattern = null;
        String topic = incoming.getTopic().orElse(channel);
        if (incoming.getPattern()) {
            try {
                pattern = Pattern.compile(topic);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("channel " + channel + ": topic=" + topic + " is not a regular expression (pattern=true): "
                        + e.getDescription(), e);
            }
        } else {
            topics = incoming.getTopics().map(StrataConnector::splitTopics).orElse(List.of(topic));
        }
        int maxPollRecords = Integer.parseInt(client.getOrDefault("max.poll.records", "500").toString());
        int maxQueue = (int) Math.min(Integer.MAX_VALUE, (long) maxPollRecords * Math.max(1, incoming.getMaxQueueSizeFactor()));
        return new SourceSettings(channel, topics, pattern, commitStrategy,
                FailureStrategy.of(incoming.getFailureStrategy()),
                incoming.getDeadLetterQueueTopic().orElse("dead-letter-topic-" + channel),
                incoming.getAutoCommitIntervalMs(), incoming.getThrottledUnprocessedRecordMaxAgeMs(), incoming.getPollTimeout(),
                incoming.getPauseIfNoRequests(), maxQueue, incoming.getGracefulShutdown(), incoming.getKeyDeserializer(),
                incoming.getValueDeserializer(), incoming.getBatch(), client);
    }

    private static List<String> splitTopics(String topics) {
        List<String> names = Arrays.stream(topics.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("topics=" + topics + " names no topic");
        }
        return names;
    }

    /** @param role the {@code role} tag of the dead-letter producer's meters ({@link ProducerMeters}) */
    private static Supplier<FailureHandler> failureHandler(SourceSettings settings, String role) {
        return switch (settings.failureStrategy()) {
            case FAIL -> FailStop::new;
            case IGNORE -> IgnoreFailure::new;
            case DEAD_LETTER_QUEUE -> () -> {
                Map<String, Object> config = new HashMap<>(Map.of(
                        "bootstrap.servers", settings.clientConfig().get("bootstrap.servers"), "acks", "all"));
                // the dead-letter producer calls the same gateway as the channel, so with its TLS and credentials
                for (String key : List.of("security.username", "security.password", "security.tls.ca-file")) {
                    Object value = settings.clientConfig().get(key);
                    if (value != null) {
                        config.put(key, value);
                    }
                }
                Producer producer = Producer.create(config);
                return new DeadLetterQueue(settings.deadLetterTopic(), producer,
                        new ProducerMeters(Metrics.globalRegistry, settings.channel(), role, producer));
            };
        };
    }

    /** Every attribute of the channel that is a client setting: no dash in its name and not the connector's own. */
    static Map<String, Object> clientConfig(Config config) {
        Map<String, Object> client = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.contains("-") || CONNECTOR_ATTRIBUTES.contains(name)) {
                continue;
            }
            config.getOptionalValue(name, String.class).ifPresent(value -> client.put(name, value));
        }
        return client;
    }
}
