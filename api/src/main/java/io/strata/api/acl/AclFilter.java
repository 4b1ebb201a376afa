package io.strata.api.acl;

import java.util.Locale;

/**
 * Which bindings DescribeAcls and DeleteAcls select, in Kafka's filter model: a null field matches
 * any value; {@code pattern} ANY matches either pattern type with exactly {@code resourceName};
 * MATCH selects the bindings that would apply to the resource {@code resourceName} (its LITERAL
 * binding, LITERAL {@code *} and every PREFIXED binding that is a prefix of it); LITERAL and
 * PREFIXED select that type with exactly that name. An operation ALL matches bindings of ALL only.
 * Immutable.
 */
public record AclFilter(String principal, String host, AclResourceType resourceType, String resourceName,
                        Pattern pattern, AclOperation operation, AclPermission permission) {

    /** The pattern part of a filter. */
    public enum Pattern {
        ANY, MATCH, LITERAL, PREFIXED
    }

    /** The filter every binding matches. */
    public static final AclFilter ANY = new AclFilter(null, null, null, null, Pattern.ANY, null, null);

    public AclFilter {
        if (pattern == null) {
            pattern = Pattern.ANY;
        }
    }

    /**
     * A filter from Kafka's names: an empty or null value, or {@code ANY}, matches anything (for
     * the principal, host and resource name only empty or null does).
     */
    public static AclFilter parse(String principal, String host, String resourceType, String resourceName,
                                  String pattern, String operation, String permission) {
        return new AclFilter(blankToNull(principal), blankToNull(host),
                isAny(resourceType) ? null : AclResourceType.parse("resource_type", resourceType), blankToNull(resourceName),
                isAny(pattern) ? Pattern.ANY : AclNames.parse(Pattern.class, "pattern_type", pattern),
                isAny(operation) ? null : AclOperation.parse("operation", operation),
                isAny(permission) ? null : AclPermission.parse("permission", permission));
    }

    public boolean matches(AclBinding binding) {
        return (principal == null || principal.equals(binding.principal()))
                && (host == null || host.equals(binding.host()))
                && (resourceType == null || resourceType == binding.resourceType())
                && (operation == null || operation == binding.operation())
                && (permission == null || permission == binding.permission())
                && matchesPattern(binding);
    }

    private boolean matchesPattern(AclBinding binding) {
        return switch (pattern) {
            case ANY -> resourceName == null || resourceName.equals(binding.resourceName());
            case MATCH -> resourceName == null || binding.matchesResource(resourceName);
            case LITERAL -> binding.patternType() == AclPatternType.LITERAL
                    && (resourceName == null || resourceName.equals(binding.resourceName()));
            case PREFIXED -> binding.patternType() == AclPatternType.PREFIXED
                    && (resourceName == null || resourceName.equals(binding.resourceName()));
        };
    }

    private static boolean isAny(String value) {
        return value == null || value.isBlank() || value.trim().toUpperCase(Locale.ROOT).equals("ANY");
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
