package io.strata.database;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Turns Strata's database settings into Quarkus's datasource settings, at runtime start-up,
 * before Flyway (JDBC) and Hibernate Reactive (reactive client) open a connection:
 * <ul>
 *   <li>{@code strata.database.url} (a JDBC URL, env {@code STRATA_DATABASE_URL}),
 *       {@code strata.database.username}, {@code strata.database.password}: use that server;
 *       with {@code strata.database.tls-ca-file} (a PEM CA file), over TLS that verifies the
 *       server's certificate and host name ({@code verify-full}) on both the JDBC and the reactive
 *       connections;</li>
 *   <li>no URL: start an {@link EmbeddedDatabase} with its data in {@code <data dir>/postgres},
 *       where the data dir is the service's own setting (e.g. {@code strata.metadata.data-dir}),
 *       and use it.</li>
 * </ul>
 * It supplies {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.reactive.url},
 * {@code quarkus.datasource.username} and {@code quarkus.datasource.password} at an ordinal
 * below application.properties', so these keys must not be set there. Quarkus runs config
 * source factories also while building (and Quarkus tests build in the test JVM), so the embedded
 * server starts lazily: only when one of these values is first read, which happens at runtime start.
 */
public abstract class DatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String URL = "strata.database.url";
    static final String USERNAME = "strata.database.username";
    static final String PASSWORD = "strata.database.password";
    static final String TLS_CA_FILE = "strata.database.tls-ca-file";
    private static final int ORDINAL = 200;

    private final String dataDirKey;
    private final String defaultDataDir;

    /**
     * @param dataDirKey     the service's data directory setting, e.g. {@code strata.metadata.data-dir}
     * @param defaultDataDir the data directory when that setting is absent
     */
    protected DatabaseConfigSourceFactory(String dataDirKey, String defaultDataDir) {
        this.dataDirKey = dataDirKey;
        this.defaultDataDir = defaultDataDir;
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> properties = new HashMap<>();
        String url = value(context, URL);
        if (url != null && !url.isBlank()) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException(URL + " must be a jdbc:postgresql: URL, not '" + url + "'");
            }
            String caFile = value(context, TLS_CA_FILE);
            boolean tls = caFile != null && !caFile.isBlank();
            properties.put("quarkus.datasource.jdbc.url", tls ? verifyingJdbcUrl(url, caFile) : url);
            properties.put("quarkus.datasource.reactive.url", url.substring("jdbc:".length()));
            putIfSet(properties, "quarkus.datasource.username", value(context, USERNAME));
            putIfSet(properties, "quarkus.datasource.password", value(context, PASSWORD));
            if (tls) {
                properties.putAll(verifyingReactiveClient(caFile));
            }
            return List.of(new PropertiesConfigSource(properties, "strata-database", ORDINAL));
        }
        String dataDir = value(context, dataDirKey);
        Path directory = Path.of(dataDir == null ? defaultDataDir : dataDir).resolve("postgres");
        return List.of(new EmbeddedDatabaseConfigSource(directory, ORDINAL));
    }

    /**
     * The JDBC URL (Flyway's connection) with TLS that checks the server's certificate against the
     * CA and its name against the host ({@code sslmode=verify-full}).
     */
    static String verifyingJdbcUrl(String url, String caFile) {
        if (url.contains("sslmode=")) {
            throw new IllegalArgumentException(URL + " sets sslmode itself; with " + TLS_CA_FILE
                    + " Strata sets sslmode=verify-full: remove it from the URL");
        }
        return url + (url.contains("?") ? "&" : "?") + "sslmode=verify-full&sslrootcert="
                + URLEncoder.encode(caFile, StandardCharsets.UTF_8);
    }

    /** The same for the reactive client (Hibernate Reactive's connections). */
    static Map<String, String> verifyingReactiveClient(String caFile) {
        if (!Files.isReadable(Path.of(caFile))) {
            throw new IllegalArgumentException(TLS_CA_FILE + " " + caFile + " is not a readable file");
        }
        return Map.of("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full",
                "quarkus.datasource.reactive.trust-certificate-pem", "true",
                "quarkus.datasource.reactive.trust-certificate-pem.certs", caFile,
                "quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS");
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    private static void putIfSet(Map<String, String> properties, String key, String value) {
        if (value != null) {
            properties.put(key, value);
        }
    }
}
