package io.strata.api.quota;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every client quota of the cluster, and the decision which one applies to a connection.
 *
 * <p>Kafka's rule: for each key separately, the first of {@link QuotaEntity#levels} that has a value
 * is the quota. Whose bytes count together (the meter the rate is measured on) follows the level
 * that matched, as Kafka's default quota callback tags its sensors: a quota set on a user and a
 * client id (named or default) meters that user's connections with that client id; one on a user
 * alone (named or default) meters all of that user's connections; one on a client id alone meters
 * every user's connections with that client id. So {@code <default>} gives each user (client id)
 * its own allowance, not one shared by all. Immutable and thread-safe.
 */
public final class ClientQuotas {

    /** No quota anywhere. */
    public static final ClientQuotas NONE = new ClientQuotas(Map.of());

    private final Map<QuotaEntity, Map<QuotaKey, Long>> values;

    /**
     * The quota that applies: its bytes per second, the entity it was set on, and the meter it is
     * measured on ({@code user} and {@code clientId} empty where the matched level has no such part).
     */
    public record Applied(QuotaKey key, long bytesPerSecond, QuotaEntity entity, MeterKey meter) {
    }

    /** Whose bytes are counted together against one quota. */
    public record MeterKey(QuotaKey key, String user, String clientId) {
    }

    public ClientQuotas(Map<QuotaEntity, Map<QuotaKey, Long>> values) {
        Map<QuotaEntity, Map<QuotaKey, Long>> copy = new HashMap<>();
        values.forEach((entity, keys) -> {
            if (!keys.isEmpty()) {
                copy.put(entity, Map.copyOf(keys));
            }
        });
        this.values = Collections.unmodifiableMap(copy);
    }

    /** The quotas of a flat list of (entity, key, value). */
    public static ClientQuotas of(List<ClientQuota> quotas) {
        Map<QuotaEntity, Map<QuotaKey, Long>> values = new HashMap<>();
        quotas.forEach(q -> values.computeIfAbsent(q.entity(), e -> new HashMap<>()).put(q.key(), q.value()));
        return new ClientQuotas(values);
    }

    /** Every entity with at least one quota, and its values. */
    public Map<QuotaEntity, Map<QuotaKey, Long>> values() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The quota of {@code key} for {@code user} (a principal's name, without {@code User:}) connecting as {@code clientId}. */
    public Optional<Applied> applied(QuotaKey key, String user, String clientId) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        List<QuotaEntity> levels = QuotaEntity.levels(user, clientId == null ? "" : clientId);
        for (QuotaEntity level : levels) {
            Map<QuotaKey, Long> keys = values.get(level);
            Long value = keys == null ? null : keys.get(key);
            if (value != null) {
                MeterKey meter = new MeterKey(key, level.user() == null ? "" : user,
                        level.clientId() == null ? "" : (clientId == null ? "" : clientId));
                return Optional.of(new Applied(key, value, level, meter));
            }
        }
        return Optional.empty();
    }
}
