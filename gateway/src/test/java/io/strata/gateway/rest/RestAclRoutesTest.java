package io.strata.gateway.rest;

import io.strata.gateway.acl.GatewayAclNeeds;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every REST endpoint has a row in the ACL table: a resource method without one would be refused
 * to all but super users once ACLs are on (fail closed), so a new endpoint must be classified.
 */
class RestAclRoutesTest {

    @Test
    void everyResourceMethodHasARowInTheAclTable() throws Exception {
        List<String> routes = new ArrayList<>();
        for (Class<?> type : NativeReflectionTest.classesOf(Problem.class)) {
            if (!type.isAnnotationPresent(Path.class)) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers()) && !RestAuthorization.httpMethod(method).isEmpty()) {
                    routes.add(RestAuthorization.route(type, method));
                }
            }
        }
        assertThat(routes).as("the resource methods found").hasSizeGreaterThan(40);
        assertThat(GatewayAclNeeds.restRoutes()).containsAll(routes);
        assertThat(routes).as("no row without an endpoint").containsAll(GatewayAclNeeds.restRoutes());
    }

    @Test
    void routeTemplatesJoinTheClassAndMethodPaths() throws Exception {
        assertThat(RestAuthorization.route(TopicResource.class, TopicResource.class.getMethod("produce", String.class, String.class, String.class, String.class, byte[].class)))
                .isEqualTo("POST /topics/{topic}");
        assertThat(RestAuthorization.route(ProbeResource.class, ProbeResource.class.getMethod("healthy"))).isEqualTo("GET /healthy");
    }
}
