package io.strata.api.quota;

/** One quota value: {@code key} = {@code value} bytes per second on {@code entity}. Immutable. */
public record ClientQuota(QuotaEntity entity, QuotaKey key, long value) {

    public ClientQuota {
        if (entity == null || key == null) {
            throw new IllegalArgumentException("a quota needs an entity and a key");
        }
        if (value < 1) {
            throw new IllegalArgumentException(key + ": " + value + " is not a rate of at least 1 byte per second");
        }
    }
}
