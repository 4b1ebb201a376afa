package io.strata.gateway.rest;

import io.strata.api.acl.AclFilter;
import jakarta.ws.rs.QueryParam;

import java.util.stream.Stream;

/**
 * The query parameters of {@code GET} and {@code DELETE /admin/acls}: a filter in Kafka's model
 * (absent or empty = any), as kafka-acls' {@code --list} and {@code --remove} select. Filled by the
 * framework per request; read on the request's thread only.
 */
public class AclQuery {

    @QueryParam("principal")
    String principal;
    @QueryParam("host")
    String host;
    @QueryParam("resource_type")
    String resourceType;
    @QueryParam("resource_name")
    String resourceName;
    @QueryParam("pattern_type")
    String patternType;
    @QueryParam("operation")
    String operation;
    @QueryParam("permission")
    String permission;

    /** The filter; INVALID_REQUEST naming a parameter whose value is not one of Kafka's names. */
    AclFilter filter() {
        return AclJson.filter(principal, host, resourceType, resourceName, patternType, operation, permission);
    }

    /** Whether no parameter was given (the filter would select every binding). */
    boolean empty() {
        return Stream.of(principal, host, resourceType, resourceName, patternType, operation, permission)
                .allMatch(value -> value == null || value.isEmpty());
    }
}
