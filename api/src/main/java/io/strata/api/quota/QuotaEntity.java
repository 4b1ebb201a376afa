package io.strata.api.quota;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whom a client quota applies to, in Kafka's model (KIP-55): a user, a client id, or both, each a
 * name or {@code <default>}; an absent component ({@code null}) is not part of the entity. At
 * least one component is present.
 *
 * <p>{@link #levels} lists the eight entities a connection's quota is looked up in, in Kafka's
 * precedence. Immutable.
 *
 * @param user     the user's part ({@code alice} for principal {@code User:alice}), or null
 * @param clientId the client id's part, or null
 */
public record QuotaEntity(EntityPart user, EntityPart clientId) {

    /** Kafka's entity type names. */
    public static final String USER = "user";
    public static final String CLIENT_ID = "client-id";

    public QuotaEntity {
        if (user == null && clientId == null) {
            throw new IllegalArgumentException("entity: needs a user, a client-id or both");
        }
    }

    /**
     * The entity of Kafka's components, type → name (null name: {@code <default>}); types other
     * than {@code user} and {@code client-id} (Kafka's {@code ip}) are refused naming them.
     */
    public static QuotaEntity of(Map<String, String> components) {
        EntityPart user = null;
        EntityPart clientId = null;
        for (Map.Entry<String, String> component : components.entrySet()) {
            String type = component.getKey() == null ? "" : component.getKey().toLowerCase(Locale.ROOT);
            EntityPart part = new EntityPart(component.getValue());
            switch (type) {
                case USER -> user = part;
                case CLIENT_ID -> clientId = part;
                default -> throw new IllegalArgumentException("entity type '" + component.getKey()
                        + "' is not supported (only user and client-id; ip quotas are not enforced by Strata)");
            }
        }
        return new QuotaEntity(user, clientId);
    }

    /**
     * The entities whose quotas apply to {@code user} connecting as {@code clientId}, most specific
     * first, as Kafka's {@code /config/users/<user>/clients/<client-id>} ...
     * {@code /config/clients/<default>}: the first that has a value for a key sets the quota.
     */
    public static List<QuotaEntity> levels(String user, String clientId) {
        EntityPart u = EntityPart.named(user);
        EntityPart c = EntityPart.named(clientId);
        EntityPart d = EntityPart.DEFAULT;
        return List.of(new QuotaEntity(u, c), new QuotaEntity(u, d), new QuotaEntity(u, null),
                new QuotaEntity(d, c), new QuotaEntity(d, d), new QuotaEntity(d, null),
                new QuotaEntity(null, c), new QuotaEntity(null, d));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (user != null) {
            text.append(USER).append('=').append(user);
        }
        if (clientId != null) {
            text.append(text.isEmpty() ? "" : ", ").append(CLIENT_ID).append('=').append(clientId);
        }
        return text.toString();
    }
}
