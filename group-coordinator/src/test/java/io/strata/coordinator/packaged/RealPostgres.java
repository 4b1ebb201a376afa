package io.strata.coordinator.packaged;

import io.strata.coordinator.database.SharedDatabase;
import io.strata.deploy.launcher.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * A real PostgreSQL for the packaged coordinator: {@link SharedDatabase}'s (zonky's embedded server,
 * already holding another service's tables, as a database shared with the metadata service does),
 * handed to it through {@code strata.database.*} as the launcher and the images do; also a free
 * HTTP port, a fresh data directory and a short metrics round. Stopped after the test class.
 */
public class RealPostgres extends SharedDatabase {

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new HashMap<>(super.start());
        try {
            properties.put("strata.coordinator.data-dir", Files.createTempDirectory("packaged-group-coordinator").toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a data directory", e);
        }
        properties.put("quarkus.http.test-port", Integer.toString(FreePorts.next()));
        // The group figures are sampled on this interval (15 s by default): a test waits for one round.
        properties.put("strata.coordinator.metrics-refresh-interval", "1s");
        return properties;
    }
}
