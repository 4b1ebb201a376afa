package io.strata.deploy.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./strata up --sasl}: the Kafka listeners require SASL (PLAIN, SCRAM-SHA-256,
 * SCRAM-SHA-512), the metadata service makes the first user, {@value #ADMIN_USER}, at start, and
 * the nodes enforce ACLs with that user as the one super user (every other user needs ACLs, made
 * with {@code kafka-acls} as admin).
 *
 * <p>The admin password is {@code STRATA_SASL_ADMIN_PASSWORD} when set, else a random one; it
 * reaches the metadata service through its environment (never a command line), is printed once
 * when the cluster is up, and is stored nowhere (the metadata service keeps only SCRAM keys).
 * After the first such start the data directory holds the marker {@value #MARKER} (the user name,
 * no secret): later starts on it make no new password, because the metadata service never
 * overwrites an existing credential; change it with kafka-configs instead. Immutable.
 */
public record KafkaSasl(String user, Optional<String> newPassword) {

    public static final String ADMIN_USER = "admin";
    public static final String MECHANISMS = "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512";
    static final String MARKER = "sasl-admin-user";
    private static final int PASSWORD_BYTES = 18;

    /** What this start does: a new admin password, or none when an earlier {@code --sasl} start made the user. */
    public static KafkaSasl prepare(Path dataDir, Map<String, String> env, SecureRandom random) {
        Path marker = dataDir.resolve(MARKER);
        if (Files.isRegularFile(marker)) {
            try {
                return new KafkaSasl(Files.readString(marker, StandardCharsets.UTF_8).trim(), Optional.empty());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + marker, e);
            }
        }
        String given = env.get("STRATA_SASL_ADMIN_PASSWORD");
        if (given != null && !given.isBlank()) {
            return new KafkaSasl(ADMIN_USER, Optional.of(given));
        }
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        return new KafkaSasl(ADMIN_USER, Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
    }

    /** The environment a service of {@code module} starts with. */
    public Map<String, String> environment(String module) {
        return switch (module) {
            case "partition-node" -> Map.of("STRATA_NODE_KAFKA_SASL_ENABLED_MECHANISMS", MECHANISMS,
                    "STRATA_NODE_KAFKA_ACL_ENABLED", "true", "STRATA_NODE_KAFKA_ACL_SUPER_USERS", "User:" + user);
            case "metadata-service" -> newPassword.map(password -> Map.of("STRATA_METADATA_SCRAM_BOOTSTRAP_USER", user,
                    "STRATA_METADATA_SCRAM_BOOTSTRAP_PASSWORD", password)).orElse(Map.of());
            default -> Map.of();
        };
    }

    /** Tells the user how to log in, the password once; leaves the marker so no later start makes another. */
    public void announce(Path dataDir, boolean tls, PrintStream out) {
        out.println("  Kafka listeners: " + (tls ? "SASL_SSL" : "SASL_PLAINTEXT") + ", mechanisms " + MECHANISMS
                + "; ACLs enforced, super user User:" + user);
        if (newPassword.isPresent()) {
            out.println("  Kafka user " + user + ", password " + newPassword.get() + "  (shown once; not stored anywhere)");
            try {
                Files.writeString(dataDir.resolve(MARKER), user + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dataDir.resolve(MARKER), e);
            }
        } else {
            out.println("  Kafka user " + user + " was made by an earlier ./strata up --sasl on this data directory"
                    + " (its password was shown then)");
        }
    }
}
