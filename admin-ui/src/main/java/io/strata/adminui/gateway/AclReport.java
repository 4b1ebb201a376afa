package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One ACL binding as {@code GET /admin/acls} lists it, in Kafka's names: principal {@code User:alice},
 * host {@code *} or an IP address, resource type TOPIC / GROUP / CLUSTER / TRANSACTIONAL_ID, pattern
 * type LITERAL or PREFIXED, operation, permission ALLOW or DENY.
 */
@RegisterForReflection
public record AclReport(String principal, String host, String resourceType, String resourceName, String patternType,
                        String operation, String permission) {
}
