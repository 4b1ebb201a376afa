package io.strata.kafka.admin;

import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.ConfigEntry;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.kafka.backend.ControlPlane;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidTopicException;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Changes to one topic's config overrides, shared by IncrementalAlterConfigs (set and delete named
 * keys) and the legacy AlterConfigs (replace the whole override set). A change is one
 * metadata-service AlterConfigs, answered once this node's view has reached its version.
 *
 * <p>validate_only: the service's AlterConfigs has no dry run, so a change is checked here against
 * the topic's described entries: the topic exists, every key is one the service knows, a key is not
 * both set and deleted, and a value parses as its type (long, int, boolean). The ranges and the
 * allowed values of enums are checked only by the service, on a real change.
 *
 * <p>The legacy replace reads the current overrides and then alters: a key set by someone else in
 * between survives the replace. Kafka's own brokers replace atomically; Strata's service has no
 * replace call, and legacy AlterConfigs is deprecated in favour of the incremental one. Stateless.
 */
final class TopicConfigChanges {

    private final ControlPlane cluster;

    TopicConfigChanges(ControlPlane cluster) {
        this.cluster = cluster;
    }

    /** Sets and deletes overrides of {@code topic}; keys not named keep their value. */
    CompletionStage<Void> alter(String topic, Map<String, String> set, Set<String> delete, boolean validateOnly) {
        requireName(topic);
        if (validateOnly) {
            return describe(topic).thenAccept(entries -> check(entries, set, delete));
        }
        return alterNow(topic, set, delete);
    }

    /** Makes {@code configs} the topic's whole override set: overrides not in it are deleted. */
    CompletionStage<Void> replace(String topic, Map<String, String> configs, boolean validateOnly) {
        requireName(topic);
        return describe(topic).thenCompose(entries -> {
            Set<String> delete = new TreeSet<>(TopicConfigView.overrides(entries).keySet());
            delete.removeAll(configs.keySet());
            if (validateOnly) {
                check(entries, configs, delete);
                return CompletableFuture.completedFuture(null);
            }
            return alterNow(topic, configs, delete);
        });
    }

    private CompletionStage<Void> alterNow(String topic, Map<String, String> set, Set<String> delete) {
        return cluster.alterConfigs(AlterConfigsRequest.newBuilder()
                        .setTopic(topic)
                        .putAllSet(set)
                        .addAllDelete(delete)
                        .build())
                .thenCompose(altered -> cluster.awaitVersion(altered.getMetadataVersion()));
    }

    private CompletionStage<List<ConfigEntry>> describe(String topic) {
        return cluster.describeConfigs(DescribeConfigsRequest.newBuilder().setTopic(topic).build())
                .thenApply(described -> described.getEntriesList());
    }

    private static void requireName(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new InvalidTopicException("a TOPIC resource needs a topic name");
        }
    }

    /** The validate_only checks; see the class comment. */
    static void check(List<ConfigEntry> described, Map<String, String> set, Set<String> delete) {
        Map<String, ConfigEntry> known = new LinkedHashMap<>();
        described.forEach(entry -> known.put(entry.getName(), entry));
        Set<String> named = new HashSet<>(set.keySet());
        named.addAll(delete);
        for (String name : new TreeSet<>(named)) {
            if (!known.containsKey(name)) {
                throw new InvalidConfigurationException("configs: unknown config key '" + name + "'; known keys are "
                        + new TreeSet<>(known.keySet()));
            }
            if (set.containsKey(name) && delete.contains(name)) {
                throw new InvalidConfigurationException("config key '" + name + "' is both set and deleted");
            }
        }
        set.forEach((name, value) -> checkType(known.get(name), value));
    }

    private static void checkType(ConfigEntry entry, String value) {
        String text = value.trim();
        String type = entry.getType().toLowerCase(Locale.ROOT);
        boolean valid = switch (type) {
            case "long" -> parses(() -> Long.parseLong(text));
            case "int" -> parses(() -> Integer.parseInt(text));
            case "double" -> parses(() -> Double.parseDouble(text));
            case "boolean" -> text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
            case "list" -> true; // an empty list is a value; the metadata service checks the elements
            default -> !text.isEmpty();
        };
        if (!valid) {
            throw new InvalidConfigurationException("configs: value '" + value + "' of '" + entry.getName()
                    + "' is not a valid " + type);
        }
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
