package io.strata.metadata.quota;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.strata.api.quota.ClientQuota;
import io.strata.api.quota.EntityPart;
import io.strata.api.quota.QuotaEntity;
import io.strata.api.quota.QuotaKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of {@code client_quotas}: one key's value on one entity. Each entity part is stored as a
 * kind ({@code NONE}, {@code NAME}, {@code DEFAULT}) and a name ('' unless NAME), so a user really
 * named {@code <default>} stays apart from Kafka's default. Only {@link QuotaService} writes rows,
 * after the model's checks, so every row parses back.
 */
@Entity
@Table(name = "client_quotas")
public class StoredClientQuota extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_kind")
    public String userKind;

    @Column(name = "user_name")
    public String userName;

    @Column(name = "client_kind")
    public String clientKind;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "quota_key")
    public String quotaKey;

    @Column(name = "quota_value")
    public long quotaValue;

    @Column(name = "updated_ms")
    public long updatedMs;

    static StoredClientQuota of(QuotaEntity entity, QuotaKey key, long value, long updatedMs) {
        StoredClientQuota row = new StoredClientQuota();
        row.userKind = kind(entity.user());
        row.userName = name(entity.user());
        row.clientKind = kind(entity.clientId());
        row.clientId = name(entity.clientId());
        row.quotaKey = key.kafkaName();
        row.quotaValue = value;
        row.updatedMs = updatedMs;
        return row;
    }

    QuotaEntity entity() {
        return new QuotaEntity(part(userKind, userName), part(clientKind, clientId));
    }

    ClientQuota quota() {
        return new ClientQuota(entity(), QuotaKey.parse(quotaKey), quotaValue);
    }

    private static String kind(EntityPart part) {
        return part == null ? "NONE" : part.isDefault() ? "DEFAULT" : "NAME";
    }

    private static String name(EntityPart part) {
        return part == null || part.isDefault() ? "" : part.name();
    }

    private static EntityPart part(String kind, String name) {
        return switch (kind) {
            case "NONE" -> null;
            case "DEFAULT" -> EntityPart.DEFAULT;
            default -> EntityPart.named(name);
        };
    }
}
