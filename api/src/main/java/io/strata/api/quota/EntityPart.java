package io.strata.api.quota;

/**
 * One component of a quota entity (its user or its client id): a name, or Kafka's
 * {@code <default>} (the default of every name without a quota of its own), written with a null
 * name, as Kafka's {@code ClientQuotaEntity} does. Immutable.
 */
public record EntityPart(String name) {

    /** The most characters of a user name or client id in a quota (the storage column's width). */
    public static final int MAX_NAME_CHARS = 1024;

    /** Kafka's {@code <default>}. */
    public static final EntityPart DEFAULT = new EntityPart(null);

    public EntityPart {
        if (name != null && name.length() > MAX_NAME_CHARS) {
            throw new IllegalArgumentException("entity name: " + name.length() + " characters, more than " + MAX_NAME_CHARS);
        }
    }

    public static EntityPart named(String name) {
        if (name == null) {
            throw new IllegalArgumentException("entity name: missing (null is the default)");
        }
        return new EntityPart(name);
    }

    public boolean isDefault() {
        return name == null;
    }

    @Override
    public String toString() {
        return isDefault() ? "<default>" : name;
    }
}
