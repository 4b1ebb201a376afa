package io.strata.api.acl;

import java.util.regex.Pattern;

/**
 * One ACL, in Kafka's model: {@code principal} (e.g. {@code User:alice}, or {@code User:*} for
 * every principal) may or may not ({@code permission}) do {@code operation} from {@code host}
 * ({@code *} or one IP address) on the resources of {@code resourceType} that
 * {@code resourceName} matches under {@code patternType}.
 *
 * <p>Invariants (checked when built, each failure naming the field and the value): the principal
 * is {@code User:<name>}; the host is {@code *} or an IPv4/IPv6 literal (no host names: Kafka
 * compares addresses); the name is not empty, a PREFIXED pattern is not {@code *} (Kafka refuses it:
 * {@code LITERAL *} already means every resource), a CLUSTER binding names {@code kafka-cluster}
 * with a LITERAL pattern; the operation is one Kafka supports on the resource type. Immutable.
 */
public record AclBinding(String principal, String host, AclResourceType resourceType, String resourceName,
                         AclPatternType patternType, AclOperation operation, AclPermission permission) {

    /** The principal every principal matches. */
    public static final String ANY_PRINCIPAL = "User:*";
    /** The host every host matches, and the LITERAL name every resource matches. */
    public static final String WILDCARD = "*";
    /** The longest principal, host or resource name accepted (a topic name is at most 249 characters). */
    public static final int MAX_NAME_LENGTH = 1024;

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    public AclBinding {
        checkPrincipal(principal);
        checkHost(host);
        checkResource(resourceType, resourceName, patternType);
        if (operation == null || permission == null) {
            throw new IllegalArgumentException("operation and permission: both are required");
        }
        if (!resourceType.supports(operation)) {
            throw new IllegalArgumentException("operation: " + operation + " is not an operation on " + resourceType
                    + " (these are: " + resourceType.operations() + ")");
        }
    }

    /** A binding from Kafka's names (any case), each parsed with an error naming the field. */
    public static AclBinding parse(String principal, String host, String resourceType, String resourceName,
                                   String patternType, String operation, String permission) {
        return new AclBinding(principal, host, AclResourceType.parse("resource_type", resourceType), resourceName,
                AclPatternType.parse("pattern_type", patternType), AclOperation.parse("operation", operation),
                AclPermission.parse("permission", permission));
    }

    /** Whether this binding's pattern covers the resource {@code name} of its type. */
    public boolean matchesResource(String name) {
        return switch (patternType) {
            case LITERAL -> resourceName.equals(WILDCARD) || resourceName.equals(name);
            case PREFIXED -> name.startsWith(resourceName);
        };
    }

    /** Whether this binding applies to {@code principal} connecting from {@code host}. */
    public boolean matchesPrincipalAndHost(String principal, String host) {
        return (this.principal.equals(ANY_PRINCIPAL) || this.principal.equals(principal))
                && (this.host.equals(WILDCARD) || this.host.equals(host));
    }

    private static void checkPrincipal(String principal) {
        if (principal == null || !principal.startsWith("User:") || principal.length() == "User:".length()
                || principal.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("principal: '" + principal + "' is not User:<name> (or User:* for everyone)");
        }
    }

    private static void checkHost(String host) {
        if (host == null || host.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("host: missing; * or an IP address");
        }
        if (host.equals(WILDCARD) || IPV6.matcher(host).matches()) {
            return;
        }
        var ipv4 = IPV4.matcher(host);
        if (ipv4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(ipv4.group(i)) > 255) {
                    throw new IllegalArgumentException("host: '" + host + "' is not an IP address");
                }
            }
            return;
        }
        throw new IllegalArgumentException("host: '" + host + "' is not * or an IP address (host names are not matched)");
    }

    private static void checkResource(AclResourceType type, String name, AclPatternType pattern) {
        if (type == null || pattern == null) {
            throw new IllegalArgumentException("resource_type and pattern_type: both are required");
        }
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("resource_name: a name of 1 … " + MAX_NAME_LENGTH + " characters is required");
        }
        if (pattern == AclPatternType.PREFIXED && name.equals(WILDCARD)) {
            throw new IllegalArgumentException("resource_name: a PREFIXED pattern cannot be '*' (use LITERAL '*' for every "
                    + type + ")");
        }
        if (type == AclResourceType.CLUSTER && (!name.equals(AclResourceType.CLUSTER_NAME) || pattern != AclPatternType.LITERAL)) {
            throw new IllegalArgumentException("resource_name: a CLUSTER binding names LITERAL '" + AclResourceType.CLUSTER_NAME
                    + "', not " + pattern + " '" + name + "'");
        }
    }
}
