package io.strata.kafka.quota;

import io.strata.api.quota.EntityPart;
import io.strata.api.quota.QuotaEntity;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData.ComponentData;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kafka's DescribeClientQuotas filter: every component must match (EXACT: the part is that name;
 * DEFAULT: the part is {@code <default>}; SPECIFIED: the entity has the part, a name or the
 * default); {@code strict} also excludes entities with parts the filter does not mention. An
 * empty non-strict filter matches every entity. Immutable.
 */
record QuotaFilter(List<ComponentData> components, boolean strict) {

    static final byte MATCH_EXACT = 0;
    static final byte MATCH_DEFAULT = 1;
    static final byte MATCH_SPECIFIED = 2;

    /** The filter, checked: known entity types and match types, each type at most once. */
    static QuotaFilter of(List<ComponentData> components, boolean strict) {
        Set<String> types = new HashSet<>();
        for (ComponentData component : components) {
            String type = component.entityType();
            if (!QuotaEntity.USER.equals(type) && !QuotaEntity.CLIENT_ID.equals(type)) {
                throw new IllegalArgumentException("entity type '" + type + "' is not supported (only user and client-id)");
            }
            if (!types.add(type)) {
                throw new IllegalArgumentException("entity type '" + type + "' appears twice in the filter");
            }
            if (component.matchType() < MATCH_EXACT || component.matchType() > MATCH_SPECIFIED) {
                throw new IllegalArgumentException("match type " + component.matchType() + " of '" + type + "' is not 0, 1 or 2");
            }
            if (component.matchType() == MATCH_EXACT && component.match() == null) {
                throw new IllegalArgumentException("an exact match of '" + type + "' needs a name");
            }
        }
        return new QuotaFilter(List.copyOf(components), strict);
    }

    boolean matches(QuotaEntity entity) {
        for (ComponentData component : components) {
            EntityPart part = QuotaEntity.USER.equals(component.entityType()) ? entity.user() : entity.clientId();
            if (part == null) {
                return false;
            }
            boolean ok = switch (component.matchType()) {
                case MATCH_EXACT -> !part.isDefault() && part.name().equals(component.match());
                case MATCH_DEFAULT -> part.isDefault();
                default -> true;
            };
            if (!ok) {
                return false;
            }
        }
        if (strict) {
            int parts = (entity.user() == null ? 0 : 1) + (entity.clientId() == null ? 0 : 1);
            return parts == components.size();
        }
        return true;
    }
}
