package io.strata.adminui.acl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.problem.ConsoleProblem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The create form of the ACL page, every field of a binding: a principal ({@code alice} is taken as
 * {@code User:alice}), host (blank: {@code *}), resource type, resource name (for CLUSTER blank means
 * {@code kafka-cluster}), pattern type, operation and permission. The console checks only that the
 * required fields are there, naming the missing one; the values themselves are the gateway's to judge
 * (its problem detail is shown as it is).
 *
 * <p>Immutable.
 */
public record AclBindingForm(String principal, String host, String resourceType, String resourceName, String patternType,
                             String operation, String permission) {

    /** The name Kafka gives the one cluster resource. */
    static final String CLUSTER_NAME = "kafka-cluster";

    public static AclBindingForm parse(String principal, String host, String resourceType, String resourceName,
                                       String patternType, String operation, String permission) {
        String who = required("principal", principal);
        String type = required("resource_type", resourceType);
        String name = blank(resourceName) && type.equalsIgnoreCase("CLUSTER") ? CLUSTER_NAME : required("resource_name", resourceName);
        return new AclBindingForm(who.contains(":") ? who : "User:" + who, blank(host) ? "*" : host.strip(), type, name,
                blank(patternType) ? "LITERAL" : patternType.strip(), required("operation", operation),
                blank(permission) ? "ALLOW" : permission.strip());
    }

    /** The gateway's {@code POST /admin/acls} body. */
    public ObjectNode request() {
        return GatewayClient.object().put("principal", principal).put("host", host).put("resource_type", resourceType)
                .put("resource_name", resourceName).put("pattern_type", patternType).put("operation", operation)
                .put("permission", permission);
    }

    /** The filter that selects exactly this binding (every field given, so nothing else matches). */
    public Map<String, String> exactFilter() {
        Map<String, String> filter = new LinkedHashMap<>();
        request().fields().forEachRemaining(field -> filter.put(field.getKey(), field.getValue().asText()));
        return filter;
    }

    private static String required(String name, String value) {
        if (blank(value)) {
            throw ConsoleProblem.invalid(name + ": required");
        }
        return value.strip();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
