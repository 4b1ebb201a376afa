package io.strata.kafka.admin;

import io.strata.api.v1.ConfigEntry;
import io.strata.api.v1.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Strata's topic config entries in Kafka's terms. The metadata service names a value's type
 * "long", "int", "boolean", "double" or "enum" and its source TOPIC (an override), CLUSTER (a
 * cluster default set at run time: DYNAMIC_DEFAULT_BROKER_CONFIG), STATIC
 * ({@code strata.metadata.topic-defaults}: STATIC_BROKER_CONFIG) or DEFAULT (Kafka's); Kafka has a type id (an "enum" such as cleanup.policy is a STRING: Strata accepts one
 * value where Kafka's LIST would take several) and a source id (an override is
 * DYNAMIC_TOPIC_CONFIG, id {@code TOPIC_CONFIG}). No Strata topic config is read-only or
 * sensitive. Stateless.
 */
final class TopicConfigView {

    private TopicConfigView() {
    }

    /** Kafka's config type id of a Strata type name; UNKNOWN for a name Strata adds later. */
    static byte kafkaType(String strataType) {
        DescribeConfigsResponse.ConfigType type = switch (strataType.toLowerCase(Locale.ROOT)) {
            case "long" -> DescribeConfigsResponse.ConfigType.LONG;
            case "int" -> DescribeConfigsResponse.ConfigType.INT;
            case "boolean" -> DescribeConfigsResponse.ConfigType.BOOLEAN;
            case "double" -> DescribeConfigsResponse.ConfigType.DOUBLE;
            case "enum", "string" -> DescribeConfigsResponse.ConfigType.STRING;
            case "list" -> DescribeConfigsResponse.ConfigType.LIST;
            default -> DescribeConfigsResponse.ConfigType.UNKNOWN;
        };
        return type.id();
    }

    /** Kafka's config source id of a Strata source. */
    static byte kafkaSource(ConfigSource source) {
        DescribeConfigsResponse.ConfigSource kafka = switch (source) {
            case CONFIG_SOURCE_TOPIC -> DescribeConfigsResponse.ConfigSource.TOPIC_CONFIG;
            case CONFIG_SOURCE_DEFAULT -> DescribeConfigsResponse.ConfigSource.DEFAULT_CONFIG;
            case CONFIG_SOURCE_CLUSTER -> DescribeConfigsResponse.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
            case CONFIG_SOURCE_STATIC -> DescribeConfigsResponse.ConfigSource.STATIC_BROKER_CONFIG;
            default -> DescribeConfigsResponse.ConfigSource.UNKNOWN;
        };
        return kafka.id();
    }

    /**
     * A topic's effective configs from the cluster defaults (a DescribeConfigs of no topic) and
     * its overrides, in the defaults' order: what a topic with these overrides would describe as.
     */
    static List<ConfigEntry> effective(List<ConfigEntry> defaults, Map<String, String> overrides) {
        Map<String, ConfigEntry> entries = new LinkedHashMap<>();
        defaults.forEach(entry -> entries.put(entry.getName(), entry));
        overrides.forEach((name, value) -> {
            ConfigEntry known = entries.get(name);
            ConfigEntry.Builder entry = known == null ? ConfigEntry.newBuilder().setName(name) : known.toBuilder();
            entries.put(name, entry.setValue(value).setSource(ConfigSource.CONFIG_SOURCE_TOPIC).build());
        });
        return List.copyOf(entries.values());
    }

    /** The overrides among a topic's described entries: name → value. */
    static Map<String, String> overrides(List<ConfigEntry> described) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (ConfigEntry entry : described) {
            if (entry.getSource() == ConfigSource.CONFIG_SOURCE_TOPIC) {
                overrides.put(entry.getName(), entry.getValue());
            }
        }
        return overrides;
    }
}
