package io.strata.metadata.database;

import io.strata.database.DatabaseConfigSourceFactory;

/**
 * The metadata service's database: {@code strata.database.*}, or an embedded PostgreSQL under
 * {@code <strata.metadata.data-dir>/postgres}. Registered in
 * {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public class MetadataDatabase extends DatabaseConfigSourceFactory {

    public MetadataDatabase() {
        super("strata.metadata.data-dir", "data/metadata");
    }
}
