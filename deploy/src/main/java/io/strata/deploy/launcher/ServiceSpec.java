package io.strata.deploy.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start one service process: {@code java <jvmArgs> -D<k>=<v>… -jar <jar>}, with
 * {@code environment} merged over the launcher's own environment, stdout and stderr appended to
 * {@code logFile}, and {@code healthUrl} answering HTTP 200 once the service is ready.
 *
 * <p>An immutable value: the lists and maps are copied (system properties keep their insertion
 * order, so the command line is stable and readable in logs). {@code healthUrl} may be null for a
 * process that has no health endpoint; {@link ServiceProcess#awaitHealthy} then refuses to wait.
 */
public record ServiceSpec(String name, Path jar, List<String> jvmArgs, Map<String, String> systemProperties,
                          Map<String, String> environment, Path logFile, URI healthUrl) {

    public ServiceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(logFile, "logFile");
        if (name.isBlank()) {
            throw new IllegalArgumentException("service name must not be blank");
        }
        jvmArgs = List.copyOf(jvmArgs == null ? List.of() : jvmArgs);
        systemProperties = copyOrdered(systemProperties);
        environment = copyOrdered(environment);
    }

    /** Starts a builder for a service named {@code name} running {@code jar}. */
    public static Builder builder(String name, Path jar) {
        return new Builder(name, jar);
    }

    /** This spec with one more (or a replaced) system property. */
    public ServiceSpec withSystemProperty(String key, String value) {
        Map<String, String> props = new LinkedHashMap<>(systemProperties);
        props.put(key, value);
        return new ServiceSpec(name, jar, jvmArgs, props, environment, logFile, healthUrl);
    }

    /** This spec with one more (or a replaced) environment variable. */
    public ServiceSpec withEnvironment(String key, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(key, value);
        return new ServiceSpec(name, jar, jvmArgs, systemProperties, env, logFile, healthUrl);
    }

    /** This spec with {@code jvmArgs} replacing the current JVM arguments. */
    public ServiceSpec withJvmArgs(List<String> args) {
        return new ServiceSpec(name, jar, args, systemProperties, environment, logFile, healthUrl);
    }

    /** This spec logging to {@code file} instead. */
    public ServiceSpec withLogFile(Path file) {
        return new ServiceSpec(name, jar, jvmArgs, systemProperties, environment, file, healthUrl);
    }

    /** This spec probing {@code url} for health instead. */
    public ServiceSpec withHealthUrl(URI url) {
        return new ServiceSpec(name, jar, jvmArgs, systemProperties, environment, logFile, url);
    }

    /** The full command line, {@code javaExecutable} first. */
    List<String> command(String javaExecutable) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable);
        command.addAll(jvmArgs);
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    private static Map<String, String> copyOrdered(Map<String, String> map) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v, k)));
        }
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** Mutable builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final Path jar;
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path logFile;
        private URI healthUrl;

        private Builder(String name, Path jar) {
            this.name = name;
            this.jar = jar;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public Builder jvmArgs(List<String> args) {
            jvmArgs.addAll(args);
            return this;
        }

        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public Builder systemProperties(Map<String, String> props) {
            systemProperties.putAll(props);
            return this;
        }

        public Builder environment(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        public Builder healthUrl(URI url) {
            this.healthUrl = url;
            return this;
        }

        public Builder healthUrl(String url) {
            return healthUrl(URI.create(url));
        }

        public ServiceSpec build() {
            return new ServiceSpec(name, jar, jvmArgs, systemProperties, environment, logFile, healthUrl);
        }
    }
}
