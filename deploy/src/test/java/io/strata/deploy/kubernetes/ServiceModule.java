package io.strata.deploy.kubernetes;

import io.strata.deploy.launcher.StrataBuild;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A Strata service's Maven module as the manifests depend on it: the HTTP port its
 * {@code application.properties} sets (gRPC, health and metrics share it) and the extensions its
 * pom declares.
 */
record ServiceModule(String name, Path dir) {

    static ServiceModule of(String name) {
        return new ServiceModule(name, StrataBuild.root().resolve(name));
    }

    /** {@code src/main/resources/application.properties}, as Quarkus reads it (profiled keys included as written). */
    Properties applicationProperties() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The production {@code quarkus.http.port}; fails when the service leaves it to Quarkus's default. */
    int httpPort() {
        String port = applicationProperties().getProperty("quarkus.http.port");
        if (port == null) {
            throw new AssertionError(name + "'s application.properties sets no quarkus.http.port");
        }
        return Integer.parseInt(port.trim());
    }

    /** Whether the pom lists the artifact {@code artifactId} (for an extension: as a dependency). */
    boolean pomDeclares(String artifactId) {
        try {
            return Files.readString(dir.resolve("pom.xml")).contains("<artifactId>" + artifactId + "</artifactId>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
