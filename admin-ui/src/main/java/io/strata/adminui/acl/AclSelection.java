package io.strata.adminui.acl;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ACL page's filter as its URL holds it ({@code ?principal=&resource_type=&resource_name=&pattern_type=}),
 * passed to the gateway as its {@code GET} / {@code DELETE /admin/acls} filter (a principal without a type,
 * {@code alice}, taken as {@code User:alice}), so that the
 * bindings listed are exactly those a "delete all matching" removes. Blank = any. The gateway checks the
 * values (Kafka's names, any case) and names a bad one; {@code pattern_type} ANY (or blank) with a resource
 * name selects bindings of exactly that name, MATCH those that apply to a resource of that name.
 *
 * <p>Immutable; values are stripped, never null.
 */
public record AclSelection(String principal, String resourceType, String resourceName, String patternType) {

    public AclSelection {
        principal = clean(principal);
        if (!principal.isEmpty() && !principal.contains(":")) {
            principal = "User:" + principal;   // as the create form takes it: "alice" is User:alice
        }
        resourceType = clean(resourceType);
        resourceName = clean(resourceName);
        patternType = clean(patternType);
    }

    /** The gateway's query parameters, in order (blank ones are left out by the client). */
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("principal", principal);
        parameters.put("resource_type", resourceType);
        parameters.put("resource_name", resourceName);
        parameters.put("pattern_type", patternType);
        return parameters;
    }

    /** Whether nothing is chosen (every binding is listed; a bulk delete is refused). */
    public boolean empty() {
        return principal.isEmpty() && resourceType.isEmpty() && resourceName.isEmpty() && patternType.isEmpty();
    }

    /** {@code &name=value…} of the chosen values, to follow a list link's own query string. */
    public String query() {
        StringBuilder query = new StringBuilder();
        parameters().forEach((name, value) -> {
            if (!value.isEmpty()) {
                query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    /** {@link #query()} as a query string of its own ({@code ?…}, or empty). */
    public String queryString() {
        String query = query();
        return query.isEmpty() ? "" : "?" + query.substring(1);
    }

    /** How a person reads the filter, e.g. {@code principal User:alice, resource_type TOPIC}. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        parameters().forEach((name, value) -> {
            if (!value.isEmpty()) {
                text.append(text.isEmpty() ? "" : ", ").append(name).append(' ').append(value);
            }
        });
        return text.isEmpty() ? "every binding" : text.toString();
    }

    private static String clean(String value) {
        return value == null ? "" : value.strip();
    }
}
