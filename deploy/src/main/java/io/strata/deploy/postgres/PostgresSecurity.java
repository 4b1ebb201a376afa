package io.strata.deploy.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a secure local cluster's PostgreSQL ({@code ./strata up --secure}) is locked: TLS with the
 * cluster CA's certificate for {@code postgres}, and a password (SCRAM-SHA-256) for the superuser,
 * on every TCP connection; nothing else is accepted (no trust, no plaintext).
 *
 * <p>Invariants:
 * <ul>
 *   <li>The superuser's password is set by {@code initdb --pwfile} when the data directory is
 *       made, so there is no moment at which the server accepts a connection without it.</li>
 *   <li>A data directory made without {@code --secure} has a password-less superuser and trust
 *       authentication; it is refused here (naming the directory and the way out), never opened
 *       with a rule set under which nobody could log in or with the old trust rules.</li>
 *   <li>The password travels in files and the environment, never on a command line: the server
 *       reads {@link #passwordFile}, the services get {@code STRATA_DATABASE_PASSWORD}.</li>
 * </ul>
 * Immutable.
 */
public record PostgresSecurity(Path certFile, Path keyFile, Path passwordFile) {

    public static final String CERT_FILE_PROPERTY = "strata.postgres.tls-cert-file";
    public static final String KEY_FILE_PROPERTY = "strata.postgres.tls-key-file";
    public static final String PASSWORD_FILE_PROPERTY = "strata.postgres.password-file";
    /** Written in a data directory made with {@code --secure}. */
    static final String SECURE_MARKER = "strata-secure";
    /** The client authentication rules of a secure server, in its data directory. */
    static final String HBA_FILE = "strata_hba.conf";
    static final String HBA_RULES = """
            # Written by Strata (./strata up --secure): TLS and a SCRAM-SHA-256 password on every connection.
            hostssl all all 127.0.0.1/32 scram-sha-256
            hostssl all all ::1/128 scram-sha-256
            """;

    /** The security the launcher asked for with system properties; empty when none of them is set. */
    public static Optional<PostgresSecurity> fromSystemProperties() {
        String cert = System.getProperty(CERT_FILE_PROPERTY);
        String key = System.getProperty(KEY_FILE_PROPERTY);
        String password = System.getProperty(PASSWORD_FILE_PROPERTY);
        if (cert == null && key == null && password == null) {
            return Optional.empty();
        }
        if (cert == null || key == null || password == null) {
            throw new IllegalArgumentException(CERT_FILE_PROPERTY + ", " + KEY_FILE_PROPERTY + " and " + PASSWORD_FILE_PROPERTY
                    + " go together; missing: " + (cert == null ? CERT_FILE_PROPERTY : key == null ? KEY_FILE_PROPERTY : PASSWORD_FILE_PROPERTY));
        }
        return Optional.of(new PostgresSecurity(Path.of(cert), Path.of(key), Path.of(password)));
    }

    /** The system properties that hand this security to the server process. */
    public Map<String, String> systemProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(CERT_FILE_PROPERTY, certFile.toAbsolutePath().toString());
        properties.put(KEY_FILE_PROPERTY, keyFile.toAbsolutePath().toString());
        properties.put(PASSWORD_FILE_PROPERTY, passwordFile.toAbsolutePath().toString());
        return properties;
    }

    /** The superuser's password (the first line of {@link #passwordFile}, as initdb reads it). */
    public String password() {
        try {
            return Files.readAllLines(passwordFile).get(0).strip();
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalStateException("cannot read the PostgreSQL password from " + passwordFile + ": " + e, e);
        }
    }

    /**
     * Configures {@code builder} for the data directory {@code dataDir}: the password at initdb,
     * TLS, the rules file, and the server's own health connections with TLS and the password.
     *
     * @throws IllegalStateException when {@code dataDir} holds a cluster made without {@code --secure}
     */
    void configure(EmbeddedPostgres.Builder builder, Path dataDir) {
        boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
        if (!fresh && !Files.exists(dataDir.resolve(SECURE_MARKER))) {
            throw new IllegalStateException("the PostgreSQL data directory " + dataDir + " was made without --secure: its"
                    + " superuser has no password and it trusts every local connection; start the secure cluster with a"
                    + " new --data-dir (or keep this one without --secure)");
        }
        String password = password();
        if (fresh) {
            builder.setLocaleConfig("pwfile", passwordFile.toAbsolutePath().toString()); // passed to initdb as --pwfile=…
        }
        Path hba = dataDir.resolve(HBA_FILE);
        builder.setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", certFile.toAbsolutePath().toString())
                .setServerConfig("ssl_key_file", keyFile.toAbsolutePath().toString())
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("hba_file", hba.toString())
                .setConnectConfig("password", password)
                .setConnectConfig("sslmode", "require")
                .setDataDirectoryCustomizer(directory -> writeRules(directory.toPath()));
    }

    /** Runs after initdb and before the postmaster starts. */
    private static void writeRules(Path dataDir) {
        try {
            Files.writeString(dataDir.resolve(HBA_FILE), HBA_RULES);
            if (!Files.exists(dataDir.resolve(SECURE_MARKER))) {
                Files.writeString(dataDir.resolve(SECURE_MARKER), "made by ./strata up --secure: TLS and SCRAM passwords only\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the client authentication rules in " + dataDir, e);
        }
    }
}
