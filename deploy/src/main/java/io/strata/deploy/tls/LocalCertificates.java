package io.strata.deploy.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local cluster's certificates ({@code ./strata up --secure}), made with the JDK's keytool and
 * kept in one directory:
 *
 * <pre>
 * ca.crt             the local CA's certificate (PEM): what every client trusts
 * ca.p12, ca.password  the CA's key (PKCS#12) and its password: only the launcher signs with it
 * &lt;name&gt;.crt         a service's certificate then the CA's (PEM chain), CN=&lt;name&gt;,
 *                    SAN DNS:localhost, IP:127.0.0.1, serverAuth and clientAuth
 * &lt;name&gt;.key         its private key, unencrypted PKCS#8 PEM, rw------- (Quarkus, Vert.x and
 *                    grpc-java read this form)
 * </pre>
 *
 * <p>{@link #ensure} is idempotent: what exists and is valid for more than {@link #RENEW_BEFORE}
 * is kept (so a restarted cluster keeps its CA and clients keep trusting it); a missing, expiring or
 * foreign (not signed by this CA) certificate is made again; a new CA re-signs every service.
 * Keys are RSA 2048. Passwords never appear on a command line ({@code -storepass:file}).
 *
 * <p>Not thread-safe: one launcher at a time per directory (the data directory's rule).
 */
public final class LocalCertificates {

    /** The CA's lifetime: long, since replacing it means every client must trust a new one. */
    public static final int CA_VALIDITY_DAYS = 3650;
    /** A service certificate's lifetime (what browsers accept for a server certificate). */
    public static final int DEFAULT_LEAF_VALIDITY_DAYS = 397;
    /** A certificate closer than this to its end is made again at the next {@code up}. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** The names every certificate carries: the local cluster listens on 127.0.0.1 only. */
    public static final String SUBJECT_ALTERNATIVE_NAMES = "dns:localhost,ip:127.0.0.1";

    private static final String CA_ALIAS = "strata-ca";
    private final Path dir;
    private final int leafValidityDays;

    public LocalCertificates(Path dir) {
        this(dir, DEFAULT_LEAF_VALIDITY_DAYS);
    }

    LocalCertificates(Path dir, int leafValidityDays) {
        this.dir = dir.toAbsolutePath().normalize();
        this.leafValidityDays = leafValidityDays;
    }

    public Path dir() {
        return dir;
    }

    /** The CA certificate (PEM) clients trust. */
    public Path caFile() {
        return dir.resolve("ca.crt");
    }

    public Path certFile(String name) {
        return dir.resolve(name + ".crt");
    }

    public Path keyFile(String name) {
        return dir.resolve(name + ".key");
    }

    /** Makes the CA and the certificates of {@code names} that are missing or expiring; returns what it made. */
    public List<String> ensure(List<String> names) {
        List<String> made = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            boolean newCa = !valid(caFile(), null) || !Files.isRegularFile(dir.resolve("ca.p12"))
                    || !Files.isRegularFile(dir.resolve("ca.password"));
            if (newCa) {
                makeCa();
                made.add("ca");
            }
            X509Certificate ca = PemFiles.readCertificates(caFile()).get(0);
            for (String name : names) {
                if (newCa || !Files.isRegularFile(keyFile(name)) || !valid(certFile(name), ca)) {
                    makeLeaf(name);
                    made.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write certificates under " + dir, e);
        }
        return made;
    }

    /** Whether {@code file} exists, is signed by {@code issuer} (if given) and is not within {@link #RENEW_BEFORE} of its end. */
    private static boolean valid(Path file, X509Certificate issuer) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        X509Certificate certificate = PemFiles.readCertificates(file).get(0);
        try {
            certificate.checkValidity(java.util.Date.from(Instant.now().plus(RENEW_BEFORE)));
            if (issuer != null) {
                certificate.verify(issuer.getPublicKey());
            }
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void makeCa() throws IOException {
        deleteIfExists("ca.p12", "ca.crt");
        OwnerOnlyFiles.write(dir.resolve("ca.password"), randomPassword());
        Keytool.run(List.of("-genkeypair", "-alias", CA_ALIAS, "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=Strata local CA,O=Strata", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign",
                "-validity", Integer.toString(CA_VALIDITY_DAYS), "-storetype", "PKCS12",
                "-keystore", dir.resolve("ca.p12").toString(), "-storepass:file", dir.resolve("ca.password").toString()));
        Keytool.run(List.of("-exportcert", "-rfc", "-alias", CA_ALIAS, "-keystore", dir.resolve("ca.p12").toString(),
                "-storepass:file", dir.resolve("ca.password").toString(), "-file", caFile().toString()));
    }

    private void makeLeaf(String name) throws IOException {
        Path work = Files.createTempDirectory(dir, name + ".work");
        try {
            Path keystore = work.resolve("leaf.p12");
            Path password = work.resolve("leaf.password");
            String secret = randomPassword();
            OwnerOnlyFiles.write(password, secret);
            Keytool.run(List.of("-genkeypair", "-alias", "leaf", "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=" + name + ",O=Strata", "-validity", Integer.toString(leafValidityDays),
                    "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass:file", password.toString()));
            Keytool.run(List.of("-certreq", "-alias", "leaf", "-keystore", keystore.toString(),
                    "-storepass:file", password.toString(), "-file", work.resolve("leaf.csr").toString()));
            Keytool.run(List.of("-gencert", "-rfc", "-alias", CA_ALIAS, "-keystore", dir.resolve("ca.p12").toString(),
                    "-storepass:file", dir.resolve("ca.password").toString(),
                    "-infile", work.resolve("leaf.csr").toString(), "-outfile", work.resolve("leaf.crt").toString(),
                    "-validity", Integer.toString(leafValidityDays), "-ext", "san=" + SUBJECT_ALTERNATIVE_NAMES,
                    "-ext", "ku:c=digitalSignature,keyEncipherment", "-ext", "eku=serverAuth,clientAuth"));
            PemFiles.writeKey(keyFile(name), PemFiles.readKey(keystore, "leaf", secret.toCharArray()));
            String chain = Files.readString(work.resolve("leaf.crt")).strip() + "\n" + Files.readString(caFile()).strip() + "\n";
            Path temporary = work.resolve("chain.crt");
            Files.writeString(temporary, chain);
            Files.move(temporary, certFile(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            try (Stream<Path> files = Files.list(work)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private void deleteIfExists(String... names) throws IOException {
        for (String name : names) {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
