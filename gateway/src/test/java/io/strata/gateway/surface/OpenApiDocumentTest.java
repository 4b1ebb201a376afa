package io.strata.gateway.surface;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.gateway.rest.TopicResource;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document served at {@code /q/openapi} parses as OpenAPI 3, and every route the
 * gateway's JAX-RS resources serve (found by reflection over the classes of the {@code rest}
 * package) is in it with a summary, its documented responses including an error, and a described
 * JSON body where the method takes one; nothing is documented that is not served. Swagger UI
 * answers at {@code /q/swagger-ui}. Shares {@link RestSurfaceTest}'s application and cluster.
 */
@QuarkusTest
@WithTestResource(BackendCluster.class)
class OpenApiDocumentTest {

    @TestHTTPResource("/")
    URL gateway;

    /** One served route: HTTP method and path template. */
    record Route(String method, String path) implements Comparable<Route> {
        @Override
        public int compareTo(Route other) {
            return (path + " " + method).compareTo(other.path + " " + other.method);
        }

        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    @Test
    void everyServedRouteIsDocumentedWithBodiesAndErrors() throws Exception {
        Http http = new Http(gateway.toString());
        Http.Answer answer = http.get("/q/openapi?format=json");
        JsonNode document = answer.ok();
        assertThat(document.get("openapi").asText()).startsWith("3.");
        JsonNode paths = document.get("paths");

        TreeSet<Route> served = servedRoutes();
        assertThat(served).hasSizeGreaterThan(30);
        TreeSet<Route> documented = new TreeSet<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (!method.equals("parameters")) {
                documented.add(new Route(method, path.getKey()));
            }
        }));
        assertThat(documented).as("documented routes").containsExactlyElementsOf(served);

        for (Route route : served) {
            JsonNode operation = paths.get(route.path()).get(route.method());
            assertThat(operation.path("summary").asText()).as(route + " summary").isNotBlank();
            JsonNode responses = operation.get("responses");
            assertThat(responses).as(route + " responses").isNotNull();
            boolean success = false;
            boolean error = false;
            for (var codes = responses.fieldNames(); codes.hasNext(); ) {
                String code = codes.next();
                success |= code.startsWith("2");
                error |= code.startsWith("4") || code.startsWith("5") || code.equals("default");
            }
            assertThat(success).as(route + " documents its answer").isTrue();
            if (!route.path().equals("/healthy")) {
                assertThat(error).as(route + " documents its errors").isTrue();
            }
        }
        for (Route route : bodyTakingRoutes()) {
            JsonNode body = resolve(document, paths.get(route.path()).get(route.method()).get("requestBody"));
            assertThat(body).as(route + " describes its body").isNotNull();
            body.get("content").fields().forEachRemaining(type -> {
                assertThat(type.getKey()).as(route + " body type").contains("json");
                assertThat(type.getValue().path("schema").path("format").asText()).as(route + " body schema").isNotEqualTo("binary");
            });
        }

        Http.Answer ui = http.get("/q/swagger-ui/", "text/html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.text()).containsIgnoringCase("swagger");
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        if (node == null || !node.has("$ref")) {
            return node;
        }
        JsonNode target = document;
        for (String part : node.get("$ref").asText().substring(2).split("/")) {
            target = target.get(part);
        }
        return target;
    }

    /** Every (method, path) of the JAX-RS resources in the gateway's rest package. */
    private static TreeSet<Route> servedRoutes() throws IOException, URISyntaxException, ClassNotFoundException {
        TreeSet<Route> routes = new TreeSet<>();
        for (Class<?> resource : resources()) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String verb = httpMethod(method);
                if (verb != null) {
                    Path sub = method.getAnnotation(Path.class);
                    routes.add(new Route(verb, join(base, sub == null ? "" : sub.value())));
                }
            }
        }
        return routes;
    }

    /** The routes whose method reads a request body (a byte[] parameter). */
    private static List<Route> bodyTakingRoutes() throws IOException, URISyntaxException, ClassNotFoundException {
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : resources()) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String verb = httpMethod(method);
                if (verb != null && Stream.of(method.getParameterTypes()).anyMatch(byte[].class::equals)) {
                    Path sub = method.getAnnotation(Path.class);
                    routes.add(new Route(verb, join(base, sub == null ? "" : sub.value())));
                }
            }
        }
        return routes;
    }

    private static List<Class<?>> resources() throws IOException, URISyntaxException, ClassNotFoundException {
        String packageDir = TopicResource.class.getPackageName().replace('.', '/');
        java.security.CodeSource source = TopicResource.class.getProtectionDomain().getCodeSource();
        java.nio.file.Path dir = source == null ? null : Paths.get(source.getLocation().toURI()).resolve(packageDir);
        if (dir == null || !Files.isDirectory(dir)) {
            dir = Paths.get("target", "classes").resolve(packageDir);   // the module's own output, where surefire runs
        }
        List<Class<?>> resources = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString();
                Class<?> type = Class.forName(TopicResource.class.getPackageName() + "." + name.substring(0, name.length() - 6),
                        false, TopicResource.class.getClassLoader());
                if (type.isAnnotationPresent(Path.class)) {
                    resources.add(type);
                }
            }
        }
        assertThat(resources).as("resources found in " + dir).hasSizeGreaterThan(5);
        return resources;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
