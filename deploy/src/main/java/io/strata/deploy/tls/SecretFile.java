package io.strata.deploy.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A secret of the secure local cluster, 32 random bytes in Base64, made once in an owner-only file
 * and reused by every later {@code up}, so a restarted service still agrees with the others: the
 * cluster secret ({@code strata.security.cluster-secret}) and the PostgreSQL superuser's password.
 * Secrets reach the services through their environment or files, never a command line. Stateless
 * and thread-safe.
 */
public final class SecretFile {

    private SecretFile() {
    }

    /** The secret in {@code file}, made first if the file does not exist. */
    public static String ensure(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                Files.createDirectories(file.toAbsolutePath().getParent());
                OwnerOnlyFiles.write(file, Base64.getEncoder().encodeToString(bytes));
            }
            String secret = Files.readString(file).strip();
            if (secret.length() < 16) {
                throw new IllegalStateException(file + " holds fewer than 16 characters: delete it to make a new secret");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the secret " + file, e);
        }
    }
}
