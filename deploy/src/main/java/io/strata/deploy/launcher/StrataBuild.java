package io.strata.deploy.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Where the built Strata artifacts are. The project root is the system property
 * {@code strata.root} when set (the root pom passes it to tests), else the nearest directory at or
 * above the working directory that holds {@code mvnw} and a {@code pom.xml} whose artifactId is
 * {@code strata-parent}.
 *
 * <p>Stateless and thread-safe; every call looks at the file system afresh.
 */
public final class StrataBuild {

    /** System property naming the project root explicitly. */
    public static final String ROOT_PROPERTY = "strata.root";

    private static final String BUILD_HINT = "build it with ./mvnw package -DskipTests";

    private StrataBuild() {
    }

    /** The project root directory (absolute, normalized). */
    public static Path root() {
        String explicit = System.getProperty(ROOT_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path root = Paths.get(explicit).toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                throw new IllegalStateException(ROOT_PROPERTY + "=" + explicit + " is not a directory");
            }
            return root;
        }
        Path start = Paths.get("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isStrataRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Strata project root above " + start
                + " (a directory with mvnw and the strata-parent pom.xml); set -D" + ROOT_PROPERTY + "=<dir>");
    }

    /**
     * {@code <root>/<module>/target/quarkus-app/quarkus-run.jar}; fails with a message saying how
     * to build it when it is missing.
     */
    public static Path quarkusRunJar(String module) {
        return findQuarkusRunJar(module).orElseThrow(() -> new IllegalStateException(
                "service " + module + " is not built: " + quarkusRunJarPath(root(), module)
                        + " is missing; " + BUILD_HINT));
    }

    /** The quarkus-run.jar of {@code module} if it has been built. */
    public static Optional<Path> findQuarkusRunJar(String module) {
        Path jar = quarkusRunJarPath(root(), module);
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** Where {@code module}'s quarkus-run.jar lives under {@code root}, built or not. */
    public static Path quarkusRunJarPath(Path root, String module) {
        return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /**
     * The executable jar of {@code io.strata.deploy.postgres.EmbeddedPostgresServer}
     * ({@code deploy/target/strata-deploy-postgres.jar}, with its dependencies in
     * {@code deploy/target/lib}); fails with a build hint when missing.
     */
    public static Path postgresServerJar() {
        Path jar = postgresServerJarPath(root());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; " + BUILD_HINT);
        }
        return jar;
    }

    /** Where the embedded PostgreSQL server jar lives under {@code root}, built or not. */
    public static Path postgresServerJarPath(Path root) {
        return root.resolve("deploy").resolve("target").resolve("strata-deploy-postgres.jar");
    }

    private static boolean isStrataRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(dir.resolve("mvnw")) || !Files.isRegularFile(pom)) {
            return false;
        }
        try {
            return Files.readString(pom).contains("<artifactId>strata-parent</artifactId>");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom, e);
        }
    }
}
