package io.strata.gateway.rest;

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
 * The REST consumer API's bodies (Kafka REST Proxy v2 shapes), read with every field checked so a
 * bad body is an INVALID_REQUEST naming the field. Pure.
 */
public final class ConsumerJson {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "format", "auto.offset.reset", "auto.commit.enable",
            "fetch.min.bytes", "consumer.request.timeout.ms");
    private static final Set<String> FORMATS = Set.of("binary", "json");

    private ConsumerJson() {
    }

    /** What {@code POST /consumers/{group}} asks for. */
    public record Creation(String name, String format, Map<String, String> configs) {
    }

    /** {@code {"name": "c1", "format": "binary", "auto.offset.reset": "earliest", "auto.commit.enable": "false"}}; all optional. */
    public static Creation creation(byte[] body, String generatedName) {
        JsonNode root = body.length == 0 ? ProduceBody.MAPPER.createObjectNode() : AdminJson.object(body, CREATE_FIELDS);
        String name = text(root, "name", generatedName);
        if (name.isEmpty() || name.length() > 255) {
            throw ProduceBody.invalid("\"name\" must be 1 to 255 characters, got '" + name + "'");
        }
        String format = text(root, "format", "binary").toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw ProduceBody.invalid("\"format\" must be binary or json, got '" + format + "'");
        }
        Map<String, String> configs = new LinkedHashMap<>(RestConsumers.DEFAULT_CONFIGS);
        String reset = text(root, "auto.offset.reset", configs.get("auto.offset.reset")).toLowerCase(Locale.ROOT);
        if (!Set.of("earliest", "latest", "none", "smallest", "largest").contains(reset)) {
            throw ProduceBody.invalid("\"auto.offset.reset\" must be earliest, latest or none, got '" + reset + "'");
        }
        configs.put("auto.offset.reset", reset);
        String autoCommit = text(root, "auto.commit.enable", configs.get("auto.commit.enable")).toLowerCase(Locale.ROOT);
        if (!autoCommit.equals("true") && !autoCommit.equals("false")) {
            throw ProduceBody.invalid("\"auto.commit.enable\" must be true or false, got '" + autoCommit + "'");
        }
        configs.put("auto.commit.enable", autoCommit);
        return new Creation(name, format, configs);
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
