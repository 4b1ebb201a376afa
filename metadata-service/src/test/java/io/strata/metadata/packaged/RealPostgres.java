package io.strata.metadata.packaged;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.strata.database.ClassPathBinaries;
import io.strata.deploy.launcher.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real PostgreSQL (zonky's embedded server, a process of its own in a fresh directory) for the
 * packaged metadata service, handed to it through {@code strata.database.*} as the launcher and the
 * images do; also a free HTTP port and a fresh data directory. Stopped after the test class.
 */
public class RealPostgres implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.builder().setPgBinaryResolver(new ClassPathBinaries()).start();
            Path dataDir = Files.createTempDirectory("packaged-metadata-service");
            return Map.of("strata.database.url", postgres.getJdbcUrl("postgres", "postgres"),
                    "strata.database.username", "postgres",
                    "strata.database.password", "postgres",
                    "strata.metadata.data-dir", dataDir.toString(),
                    "quarkus.http.test-port", Integer.toString(FreePorts.next()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
            }
        }
    }
}
