package io.strata.coordinator.database;

import io.strata.database.DatabaseConfigSourceFactory;

/**
 * The group coordinator's database: {@code strata.database.*}, or an embedded PostgreSQL under
 * {@code <strata.coordinator.data-dir>/postgres}. Registered in
 * {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public class CoordinatorDatabase extends DatabaseConfigSourceFactory {

    public CoordinatorDatabase() {
        super("strata.coordinator.data-dir", "data/group-coordinator");
    }
}
