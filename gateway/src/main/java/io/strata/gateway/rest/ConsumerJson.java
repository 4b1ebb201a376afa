package io.strata.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.GroupSubscription;
import io.strata.gateway.group.RestConsumers;
import io.strata.gateway.group.TopicPartition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The REST consumer API's bodies (Kafka REST Proxy v2 shapes, and the Strimzi Bridge's where it
 * differs), read with every field checked so a bad body is an INVALID_REQUEST naming the field.
 * Pure.
 */
public final class ConsumerJson {

    /** The instance config holding its reads' default {@code timeout} (ms). */
    public static final String CONSUMER_REQUEST_TIMEOUT = "consumer.request.timeout.ms";
    /**
     * Creation fields: the REST Proxy v2's ({@code id} is its older name for {@code name},
     * {@code auto.commit.enable}) and the Strimzi Bridge's ({@code enable.auto.commit}). Strata has
     * no use for {@code fetch.min.bytes} (a read answers as soon as any record is there) nor
     * {@code isolation.level} (no transactions: every read stops at the high watermark, as
     * read_committed would): both are checked and ignored.
     */
    private static final BodyFields CREATE_FIELDS = BodyFields.of("name", "id", "format", "auto.offset.reset",
            "auto.commit.enable", "enable.auto.commit", CONSUMER_REQUEST_TIMEOUT).ignoring("fetch.min.bytes", "isolation.level");
    private static final Set<String> FORMATS = Set.of("binary", "json", "text");
    /** Upper bound of {@code consumer.request.timeout.ms} (a read never waits longer than {@code max-fetch-wait} anyway). */
    private static final long MAX_REQUEST_TIMEOUT_MS = 600_000;

    private ConsumerJson() {
    }

    /** What {@code POST /consumers/{group}} asks for, and the fields it gave that Strata ignores. */
    @RegisterForReflection
    public record Creation(String name, String format, Map<String, String> configs, IgnoredFields ignored) {
    }

    /**
     * {@code {"name": "c1", "format": "binary", "auto.offset.reset": "earliest", "auto.commit.enable": "false"}}; all
     * optional. Values may be strings, numbers or booleans ({@code "enable.auto.commit": false}).
     */
    public static Creation creation(byte[] body, String generatedName) {
        List<String> ignored = new ArrayList<>();
        JsonNode root = body.length == 0 ? ProduceBody.MAPPER.createObjectNode() : AdminJson.object(body, CREATE_FIELDS, ignored);
        String name = text(root, "name", text(root, "id", generatedName));
        if (name.isEmpty() || name.length() > 255) {
            throw ProduceBody.invalid("\"name\" must be 1 to 255 characters, got '" + name + "'");
        }
        String format = text(root, "format", "binary").toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw ProduceBody.invalid("\"format\" must be binary, json or text, got '" + format + "'");
        }
        Map<String, String> configs = new LinkedHashMap<>(RestConsumers.DEFAULT_CONFIGS);
        String reset = text(root, "auto.offset.reset", configs.get("auto.offset.reset")).toLowerCase(Locale.ROOT);
        if (!Set.of("earliest", "latest", "none", "smallest", "largest").contains(reset)) {
            throw ProduceBody.invalid("\"auto.offset.reset\" must be earliest, latest or none, got '" + reset + "'");
        }
        configs.put("auto.offset.reset", reset);
        configs.put("auto.commit.enable", autoCommit(root, configs.get("auto.commit.enable")));
        if (root.hasNonNull(CONSUMER_REQUEST_TIMEOUT)) {
            configs.put(CONSUMER_REQUEST_TIMEOUT, Long.toString(wholeNumber(root, CONSUMER_REQUEST_TIMEOUT, 0, MAX_REQUEST_TIMEOUT_MS)));
        }
        if (root.hasNonNull("fetch.min.bytes")) {
            wholeNumber(root, "fetch.min.bytes", 0, Integer.MAX_VALUE);
        }
        String isolation = text(root, "isolation.level", "read_uncommitted").toLowerCase(Locale.ROOT);
        if (!isolation.equals("read_uncommitted") && !isolation.equals("read_committed")) {
            throw ProduceBody.invalid("\"isolation.level\" must be read_uncommitted or read_committed, got '" + isolation + "'");
        }
        return new Creation(name, format, configs, IgnoredFields.of(ignored));
    }

    /** {@code auto.commit.enable} (REST Proxy) or {@code enable.auto.commit} (Bridge); both given must agree. */
    private static String autoCommit(JsonNode root, String absent) {
        String proxy = text(root, "auto.commit.enable", null);
        String bridge = text(root, "enable.auto.commit", null);
        if (proxy != null && bridge != null && !proxy.equalsIgnoreCase(bridge)) {
            throw ProduceBody.invalid("\"auto.commit.enable\" (" + proxy + ") and \"enable.auto.commit\" (" + bridge
                    + ") are the same setting and disagree: give one");
        }
        String given = (proxy != null ? proxy : bridge != null ? bridge : absent).toLowerCase(Locale.ROOT);
        if (!given.equals("true") && !given.equals("false")) {
            throw ProduceBody.invalid("\"" + (proxy != null ? "auto.commit.enable" : "enable.auto.commit")
                    + "\" must be true or false, got '" + given + "'");
        }
        return given;
    }

    /** A whole number given as a JSON number or a numeric string, within bounds. */
    private static long wholeNumber(JsonNode root, String field, long min, long max) {
        String text = text(root, field, "");
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ProduceBody.invalid("\"" + field + "\" must be an integer from " + min + " to " + max + ", got '" + text + "'");
    }

    /** {@code {"topics": ["a", "b"]}} or {@code {"topic_pattern": "a.*"}}. */
    public static GroupSubscription subscription(byte[] body) {
        JsonNode root = AdminJson.object(body, Set.of("topics", "topic_pattern"));
        JsonNode topics = root.get("topics");
        JsonNode pattern = root.get("topic_pattern");
        if ((topics == null) == (pattern == null)) {
            throw ProduceBody.invalid("give either \"topics\" (an array of names) or \"topic_pattern\" (a regular expression)");
        }
        if (pattern != null) {
            if (!pattern.isTextual()) {
                throw ProduceBody.invalid("\"topic_pattern\" must be a string, got " + ProduceBody.kind(pattern));
            }
            try {
                Pattern.compile(pattern.textValue());
            } catch (PatternSyntaxException e) {
                throw ProduceBody.invalid("\"topic_pattern\" is not a regular expression: " + e.getDescription());
            }
            return GroupSubscription.newBuilder().setTopicRegex(pattern.textValue()).build();
        }
        if (!topics.isArray() || topics.isEmpty()) {
            throw ProduceBody.invalid("\"topics\" must be a non-empty array of topic names, got " + ProduceBody.kind(topics));
        }
        GroupSubscription.Builder subscription = GroupSubscription.newBuilder();
        for (JsonNode topic : topics) {
            if (!topic.isTextual() || topic.textValue().isEmpty()) {
                throw ProduceBody.invalid("\"topics\" must hold topic names (strings), got " + ProduceBody.kind(topic));
            }
            subscription.addTopicNames(topic.textValue());
        }
        return subscription.build();
    }

    /** {@code {"offsets": [{"topic": "t", "partition": 0, "offset": 42, "metadata": "…"}]}}; empty body: none. */
    public static List<CommittedOffset> offsets(byte[] body) {
        if (body == null || body.length == 0) {
            return List.of();
        }
        JsonNode root = AdminJson.object(body, Set.of("offsets"));
        List<CommittedOffset> offsets = new ArrayList<>();
        for (JsonNode entry : array(root, "offsets")) {
            requireFields(entry, "offsets", Set.of("topic", "partition", "offset", "metadata"));
            CommittedOffset.Builder offset = CommittedOffset.newBuilder().setTopic(topic(entry, "offsets"))
                    .setPartition((int) number(entry, "partition", Integer.MAX_VALUE)).setOffset(number(entry, "offset", Long.MAX_VALUE));
            JsonNode metadata = entry.get("metadata");
            if (metadata != null && !metadata.isNull()) {
                offset.setMetadata(metadata.asText());
            }
            offsets.add(offset.build());
        }
        return offsets;
    }

    /** Where a seek moves partitions: to offsets, and to the first record at or after a time (ms). */
    @RegisterForReflection
    public record Seek(Map<TopicPartition, Long> offsets, Map<TopicPartition, Long> timestamps, IgnoredFields ignored) {
    }

    /**
     * A seek body, {@code {"offsets": [{"topic","partition","offset"}]}} (REST Proxy v2 and Bridge)
     * and/or the REST Proxy's {@code {"timestamps": [{"topic","partition","timestamp"}]}}, the time an
     * ISO-8601 instant ({@code "2026-12-05T05:00:00Z"}) or ms since the epoch. An entry's
     * {@code metadata} (the REST Proxy allows it) means nothing to a seek and is ignored.
     */
    public static Seek seek(byte[] body) {
        JsonNode root = AdminJson.object(body, Set.of("offsets", "timestamps"));
        if (!root.hasNonNull("offsets") && !root.hasNonNull("timestamps")) {
            throw ProduceBody.invalid("give \"offsets\" ([{\"topic\",\"partition\",\"offset\"}]) and/or \"timestamps\" "
                    + "([{\"topic\",\"partition\",\"timestamp\"}])");
        }
        List<String> ignored = new ArrayList<>();
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        if (root.hasNonNull("offsets")) {
            for (JsonNode entry : array(root, "offsets")) {
                seekEntry(entry, "offsets", ignored);
                offsets.put(partitionOf(entry, "offsets"), number(entry, "offset", Long.MAX_VALUE));
            }
        }
        Map<TopicPartition, Long> timestamps = new LinkedHashMap<>();
        if (root.hasNonNull("timestamps")) {
            for (JsonNode entry : array(root, "timestamps")) {
                seekEntry(entry, "timestamps", ignored);
                timestamps.put(partitionOf(entry, "timestamps"), timestampMs(entry.get("timestamp")));
            }
        }
        return new Seek(offsets, timestamps, IgnoredFields.of(ignored));
    }

    private static final BodyFields SEEK_OFFSET = BodyFields.of("topic", "partition", "offset").ignoring("metadata");
    private static final BodyFields SEEK_TIMESTAMP = BodyFields.of("topic", "partition", "timestamp").ignoring("metadata");

    private static void seekEntry(JsonNode entry, String array, List<String> ignored) {
        if (!entry.isObject()) {
            throw ProduceBody.invalid("each entry of \"" + array + "\" must be an object, got " + ProduceBody.kind(entry));
        }
        if (!(array.equals("offsets") ? SEEK_OFFSET : SEEK_TIMESTAMP).check(entry, array + "[]").isEmpty()) {
            ignored.add(array + "[].metadata");
        }
    }

    private static TopicPartition partitionOf(JsonNode entry, String array) {
        return new TopicPartition(topic(entry, array), (int) number(entry, "partition", Integer.MAX_VALUE));
    }

    private static long timestampMs(JsonNode value) {
        if (value != null && value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0) {
            return value.longValue();
        }
        if (value != null && value.isTextual()) {
            try {
                return java.time.Instant.parse(value.textValue()).toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                // refused below
            }
        }
        throw ProduceBody.invalid("\"timestamp\" must be an ISO-8601 instant (\"2026-12-05T05:00:00Z\") or ms since the epoch, got "
                + (value == null ? "nothing" : value.toString()));
    }

    /** {@code {"partitions": [{"topic": "t", "partition": 0}]}}; empty body: none. */
    public static List<TopicPartition> partitions(byte[] body) {
        if (body == null || body.length == 0) {
            return List.of();
        }
        JsonNode root = AdminJson.object(body, Set.of("partitions"));
        List<TopicPartition> partitions = new ArrayList<>();
        for (JsonNode entry : array(root, "partitions")) {
            requireFields(entry, "partitions", Set.of("topic", "partition"));
            partitions.add(new TopicPartition(topic(entry, "partitions"), (int) number(entry, "partition", Integer.MAX_VALUE)));
        }
        return partitions;
    }

    private static JsonNode array(JsonNode root, String field) {
        JsonNode array = root.get(field);
        if (array == null || !array.isArray()) {
            throw ProduceBody.invalid("\"" + field + "\" must be an array, got " + (array == null ? "nothing" : ProduceBody.kind(array)));
        }
        return array;
    }

    private static void requireFields(JsonNode entry, String array, Set<String> known) {
        if (!entry.isObject()) {
            throw ProduceBody.invalid("each entry of \"" + array + "\" must be an object, got " + ProduceBody.kind(entry));
        }
        entry.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw ProduceBody.invalid("unknown field \"" + name + "\" in \"" + array + "\"");
            }
        });
    }

    private static String topic(JsonNode entry, String array) {
        JsonNode topic = entry.get("topic");
        if (topic == null || !topic.isTextual()) {
            throw ProduceBody.invalid("each entry of \"" + array + "\" needs \"topic\" (a string)");
        }
        return topic.textValue();
    }

    private static long number(JsonNode entry, String field, long max) {
        JsonNode value = entry.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber() || value.longValue() < 0 || value.longValue() > max) {
            throw ProduceBody.invalid("\"" + field + "\" must be an integer from 0 to " + max + ", got "
                    + (value == null ? "nothing" : value.toString()));
        }
        return value.longValue();
    }

    private static String text(JsonNode root, String field, String absent) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isValueNode()) {
            throw ProduceBody.invalid("\"" + field + "\" must be a string, got " + ProduceBody.kind(value));
        }
        return value.asText();
    }
}
