package io.strata.kafka.admin;

import org.apache.kafka.common.errors.InvalidConfigurationException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Kafka's broker-level names of the topic configs Strata knows, as Kafka's
 * {@code ServerTopicConfigSynonyms} lists them: {@code kafka-configs --entity-type brokers
 * --entity-default --add-config log.retention.ms=…} sets the cluster default of {@code retention.ms}.
 * The names in hours or minutes ({@code log.retention.hours}, {@code log.retention.minutes},
 * {@code log.roll.hours}) are converted to the topic config's milliseconds; a negative value
 * (-1: unlimited) passes unchanged. The first name of each topic config is the one described.
 *
 * <p>Immutable table; stateless.
 */
final class BrokerConfigNames {

    /** One broker-level name: the topic config it sets and the milliseconds of its unit (1 for no unit). */
    record Synonym(String brokerName, String topicName, long msPerUnit) {

        /** The topic config's value for {@code value} in this name's unit; INVALID_CONFIG when it is no integer. */
        String topicValue(String value) {
            if (msPerUnit == 1) {
                return value;
            }
            try {
                long parsed = Long.parseLong(value.trim());
                return Long.toString(parsed < 0 ? parsed : Math.multiplyExact(parsed, msPerUnit));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new InvalidConfigurationException("config '" + brokerName + "': value '" + value
                        + "' is not a whole number of " + (msPerUnit == 3_600_000 ? "hours" : "minutes") + " that fits");
            }
        }
    }

    private static final Map<String, Synonym> BY_BROKER_NAME = new LinkedHashMap<>();
    private static final Map<String, String> BROKER_NAME_OF_TOPIC_CONFIG = new LinkedHashMap<>();

    static {
        add("log.retention.ms", "retention.ms", 1);
        add("log.retention.minutes", "retention.ms", 60_000);
        add("log.retention.hours", "retention.ms", 3_600_000);
        add("log.retention.bytes", "retention.bytes", 1);
        add("log.segment.bytes", "segment.bytes", 1);
        add("log.roll.ms", "segment.ms", 1);
        add("log.roll.hours", "segment.ms", 3_600_000);
        add("log.cleanup.policy", "cleanup.policy", 1);
        add("log.cleaner.delete.retention.ms", "delete.retention.ms", 1);
        add("log.cleaner.min.cleanable.ratio", "min.cleanable.dirty.ratio", 1);
        add("log.cleaner.min.compaction.lag.ms", "min.compaction.lag.ms", 1);
        add("log.cleaner.max.compaction.lag.ms", "max.compaction.lag.ms", 1);
        add("min.insync.replicas", "min.insync.replicas", 1);
        add("message.max.bytes", "max.message.bytes", 1);
        add("log.flush.interval.messages", "flush.messages", 1);
        add("log.flush.interval.ms", "flush.ms", 1);
        add("log.message.timestamp.before.max.ms", "message.timestamp.before.max.ms", 1);
        add("log.message.timestamp.after.max.ms", "message.timestamp.after.max.ms", 1);
        add("unclean.leader.election.enable", "unclean.leader.election.enable", 1);
    }

    private BrokerConfigNames() {
    }

    private static void add(String brokerName, String topicName, long msPerUnit) {
        BY_BROKER_NAME.put(brokerName, new Synonym(brokerName, topicName, msPerUnit));
        BROKER_NAME_OF_TOPIC_CONFIG.putIfAbsent(topicName, brokerName);
    }

    /** The synonym of a broker-level name, or INVALID_CONFIG naming it and the names Strata takes. */
    static Synonym require(String brokerName) {
        Synonym synonym = BY_BROKER_NAME.get(brokerName);
        if (synonym == null) {
            throw new InvalidConfigurationException("config '" + brokerName + "' is not a cluster-wide default Strata"
                    + " keeps; the broker configs it takes are " + new TreeSet<>(BY_BROKER_NAME.keySet()));
        }
        return synonym;
    }

    /** The broker-level name that describes a topic config's cluster default (the topic name itself if Kafka has none). */
    static String brokerName(String topicName) {
        return BROKER_NAME_OF_TOPIC_CONFIG.getOrDefault(topicName, topicName);
    }
}
