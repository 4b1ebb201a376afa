package io.strata.api.acl;

import java.util.Arrays;
import java.util.Locale;

/** Parses the ACL enums from their Kafka names, naming the field and the accepted values when a name is wrong. */
final class AclNames {

    private AclNames() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(field + ": missing; one of " + Arrays.toString(type.getEnumConstants()));
        }
        try {
            return Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": '" + name + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
