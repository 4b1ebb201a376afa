package io.strata.coordinator.database;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.strata.database.ClassPathBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A PostgreSQL of its own that already holds another service's tables and Flyway history (as the
 * metadata service leaves them), handed to the coordinator through {@code strata.database.*}, the
 * way the launcher configures it.
 */
public class SharedDatabase implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.builder().setPgBinaryResolver(new ClassPathBinaries()).start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50))");
                statement.execute("INSERT INTO flyway_schema_history VALUES (1, '1')");
                statement.execute("CREATE TABLE nodes (node_id int PRIMARY KEY, address text)");
                statement.execute("INSERT INTO nodes VALUES (1, '127.0.0.1:9101')");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("strata.database.url", postgres.getJdbcUrl("postgres", "postgres"),
                "strata.database.username", "postgres",
                "strata.database.password", "postgres");
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Runs a query returning one number. */
    static long count(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
