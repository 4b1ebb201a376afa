package io.strata.adminui.topic;

import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.ConfigReport;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.TopicReport;
import io.strata.adminui.problem.ConsoleProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster's default value of each topic config, learnt from topics that do not override it.
 *
 * <p>Why: the gateway's {@code GET /admin/topics/{t}/configs} gives a config's effective value and
 * whether it is an override, but not the default an override hides. Every topic's non-overridden
 * configs are the cluster defaults, so each configs answer the console reads teaches it those; for an
 * override whose default it does not know (or knows for longer than {@code config-defaults-ttl}), it
 * reads the configs of up to {@code config-defaults-lookups} other topics that do not override it.
 * A default no topic shows (every topic overrides it) stays unknown and the page says so.
 *
 * <p>Thread-safe: one concurrent map of immutable entries; two pages learning at once both write
 * values the gateway gave, so the last write is as good as the first.
 */
@ApplicationScoped
public class ConfigDefaults {

    private record Learnt(String value, long atNanos) {
    }

    private final Map<String, Learnt> defaults = new ConcurrentHashMap<>();

    @Inject
    GatewayClient gateway;

    @Inject
    AdminUiConfig config;

    /** Remembers the DEFAULT-sourced values of one topic's configs. */
    public void learn(List<ConfigReport> configs) {
        long now = System.nanoTime();
        configs.stream().filter(c -> "DEFAULT".equals(c.source()))
                .forEach(c -> defaults.put(c.name(), new Learnt(c.value(), now)));
    }

    /** The defaults of {@code overridden} configs of {@code topic}, asking other topics for those not known. */
    public Map<String, String> of(String topic, Set<String> overridden) {
        Set<String> missing = new HashSet<>();
        for (String name : overridden) {
            if (fresh(name) == null) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            lookUp(topic, missing);
        }
        Map<String, String> found = new HashMap<>();
        for (String name : overridden) {
            Learnt learnt = defaults.get(name);
            if (learnt != null) {
                found.put(name, learnt.value());
            }
        }
        return found;
    }

    private Learnt fresh(String name) {
        Learnt learnt = defaults.get(name);
        return learnt != null && System.nanoTime() - learnt.atNanos() < config.configDefaultsTtl().toNanos() ? learnt : null;
    }

    private void lookUp(String topic, Set<String> missing) {
        int lookups = 0;
        for (TopicReport other : gateway.topics()) {
            if (lookups >= config.configDefaultsLookups() || missing.isEmpty()) {
                return;
            }
            Map<String, String> overrides = other.configs() == null ? Map.of() : other.configs();
            if (!other.name().equals(topic) && missing.stream().anyMatch(name -> !overrides.containsKey(name))) {
                lookups++;
                try {
                    learn(gateway.configs(other.name()));
                } catch (ConsoleProblem deletedMeanwhile) {
                    continue;
                }
                missing.removeIf(name -> fresh(name) != null);
            }
        }
    }
}
