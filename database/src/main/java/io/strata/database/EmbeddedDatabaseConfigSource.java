package io.strata.database;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.file.Path;
import java.util.Set;

/**
 * Supplies the datasource settings of the {@link EmbeddedDatabase}, starting it when one of them
 * is first read (not when the config is built: building the application must not start PostgreSQL).
 */
final class EmbeddedDatabaseConfigSource implements ConfigSource {

    private static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    private static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    private static final String USERNAME = "quarkus.datasource.username";
    private static final String PASSWORD = "quarkus.datasource.password";
    private static final Set<String> NAMES = Set.of(JDBC_URL, REACTIVE_URL, USERNAME, PASSWORD);

    private final Path directory;
    private final int ordinal;

    EmbeddedDatabaseConfigSource(Path directory, int ordinal) {
        this.directory = directory;
        this.ordinal = ordinal;
    }

    @Override
    public Set<String> getPropertyNames() {
        return NAMES;
    }

    @Override
    public String getValue(String name) {
        if (!NAMES.contains(name)) {
            return null;
        }
        EmbeddedDatabase database = EmbeddedDatabase.startOrGet(directory);
        return switch (name) {
            case JDBC_URL -> database.jdbcUrl();
            case REACTIVE_URL -> database.reactiveUrl();
            case USERNAME -> database.username();
            default -> database.password();
        };
    }

    @Override
    public String getName() {
        return "strata-embedded-postgres";
    }

    @Override
    public int getOrdinal() {
        return ordinal;
    }
}
