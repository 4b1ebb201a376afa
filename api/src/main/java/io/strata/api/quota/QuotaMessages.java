package io.strata.api.quota;

import io.strata.api.v1.ClientQuotaAlteration;
import io.strata.api.v1.ClientQuotaEntity;
import io.strata.api.v1.ClientQuotaValue;
import io.strata.api.v1.QuotaEntityPart;

/**
 * Converts between the quota model and its {@code strata.v1} messages. Parsing checks the model's
 * invariants; a failure is an {@link IllegalArgumentException} naming the field and value.
 * Stateless.
 */
public final class QuotaMessages {

    private QuotaMessages() {
    }

    /** One alteration, checked: a known, enforced key and (unless a removal) a whole rate of at least 1 byte/s. */
    public record Alteration(QuotaEntity entity, QuotaKey key, long value, boolean remove) {

        /** Checks Kafka's key name and (unless a removal) its value. */
        public static Alteration of(QuotaEntity entity, String keyName, double value, boolean remove) {
            QuotaKey key = QuotaKey.parse(keyName);
            return new Alteration(entity, key, remove ? 0 : key.checkedValue(value), remove);
        }
    }

    public static QuotaEntity entity(ClientQuotaEntity message) {
        return new QuotaEntity(message.hasUser() ? part(message.getUser()) : null,
                message.hasClientId() ? part(message.getClientId()) : null);
    }

    public static ClientQuotaEntity message(QuotaEntity entity) {
        ClientQuotaEntity.Builder builder = ClientQuotaEntity.newBuilder();
        if (entity.user() != null) {
            builder.setUser(message(entity.user()));
        }
        if (entity.clientId() != null) {
            builder.setClientId(message(entity.clientId()));
        }
        return builder.build();
    }

    public static ClientQuota quota(ClientQuotaValue message) {
        QuotaKey key = QuotaKey.parse(message.getKey());
        return new ClientQuota(entity(message.getEntity()), key, key.checkedValue(message.getValue()));
    }

    public static ClientQuotaValue message(ClientQuota quota) {
        return ClientQuotaValue.newBuilder().setEntity(message(quota.entity())).setKey(quota.key().kafkaName())
                .setValue(quota.value()).build();
    }

    public static Alteration alteration(ClientQuotaAlteration message) {
        return Alteration.of(entity(message.getEntity()), message.getKey(), message.getValue(), message.getRemove());
    }

    public static ClientQuotaAlteration message(Alteration alteration) {
        return ClientQuotaAlteration.newBuilder().setEntity(message(alteration.entity())).setKey(alteration.key().kafkaName())
                .setValue(alteration.value()).setRemove(alteration.remove()).build();
    }

    private static EntityPart part(QuotaEntityPart message) {
        return message.getIsDefault() ? EntityPart.DEFAULT : EntityPart.named(message.getName());
    }

    private static QuotaEntityPart message(EntityPart part) {
        return part.isDefault() ? QuotaEntityPart.newBuilder().setIsDefault(true).build()
                : QuotaEntityPart.newBuilder().setName(part.name()).build();
    }
}
