package io.strata.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.strata.api.acl.AclBinding;
import io.strata.api.acl.AclFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JSON of {@code /admin/acls}, both ways, in Kafka's names and snake_case: a binding is
 * {@code {"principal": "User:alice", "host": "*", "resource_type": "TOPIC", "resource_name":
 * "orders-", "pattern_type": "PREFIXED", "operation": "WRITE", "permission": "ALLOW"}} (host
 * defaults to {@code *}, pattern_type to LITERAL, permission to ALLOW). Every field is checked
 * ({@link AclBinding#parse}); a bad one is INVALID_REQUEST naming it. Pure.
 */
public final class AclJson {

    private static final Set<String> FIELDS = Set.of("principal", "host", "resource_type", "resource_name", "pattern_type",
            "operation", "permission");

    /** One binding as answered. */
    @RegisterForReflection
    public record View(String principal, String host, String resourceType, String resourceName, String patternType,
                       String operation, String permission) {
    }

    /** What a creation answers: how many of the bindings were new. */
    @RegisterForReflection
    public record Created(int created) {
    }

    /** What a deletion answers: the bindings now gone. */
    @RegisterForReflection
    public record Deleted(List<View> deleted) {
    }

    private AclJson() {
    }

    /** The bindings of a POST body: one binding object, or an array of them (at least one). */
    public static List<AclBinding> bindings(byte[] body) {
        JsonNode root = ProduceBody.readTree(body);
        List<JsonNode> objects = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(objects::add);
        } else {
            objects.add(root);
        }
        if (objects.isEmpty()) {
            throw ProduceBody.invalid("no ACL binding given: send one binding object or an array of them");
        }
        List<AclBinding> bindings = new ArrayList<>();
        for (JsonNode object : objects) {
            bindings.add(binding(object));
        }
        return bindings;
    }

    private static AclBinding binding(JsonNode object) {
        if (!object.isObject()) {
            throw ProduceBody.invalid("an ACL binding must be a JSON object, got " + ProduceBody.kind(object));
        }
        object.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw ProduceBody.invalid("unknown field \"" + field + "\" in an ACL binding (known: " + FIELDS + ")");
            }
        });
        try {
            return AclBinding.parse(text(object, "principal", null), text(object, "host", "*"), text(object, "resource_type", null),
                    text(object, "resource_name", null), text(object, "pattern_type", "LITERAL"), text(object, "operation", null),
                    text(object, "permission", "ALLOW"));
        } catch (IllegalArgumentException bad) {
            throw ProduceBody.invalid(bad.getMessage());
        }
    }

    /** The filter of query parameters (absent: any), as kafka-acls' --list and --remove select. */
    public static AclFilter filter(String principal, String host, String resourceType, String resourceName, String patternType,
                                   String operation, String permission) {
        try {
            return AclFilter.parse(principal, host, resourceType, resourceName, patternType, operation, permission);
        } catch (IllegalArgumentException bad) {
            throw ProduceBody.invalid(bad.getMessage());
        }
    }

    public static View view(io.strata.api.v1.AclBinding binding) {
        return new View(binding.getPrincipal(), binding.getHost(), binding.getResourceType(), binding.getResourceName(),
                binding.getPatternType(), binding.getOperation(), binding.getPermission());
    }

    private static String text(JsonNode object, String field, String absent) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            if (absent == null) {
                throw ProduceBody.invalid("\"" + field + "\" is required in an ACL binding");
            }
            return absent;
        }
        if (!value.isTextual()) {
            throw ProduceBody.invalid("\"" + field + "\" must be a string, got " + ProduceBody.kind(value));
        }
        return value.textValue();
    }
}
