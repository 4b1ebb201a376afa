package io.strata.deploy.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM in and out with the JDK alone: certificates ({@code BEGIN CERTIFICATE}, read by the JDK's
 * X.509 factory) and unencrypted PKCS#8 private keys ({@code BEGIN PRIVATE KEY}: the key's
 * {@link PrivateKey#getEncoded()} in Base64, 64 characters a line), the forms Quarkus's TLS
 * registry, Vert.x, grpc-java and kafka-clients ({@code ssl.truststore.type=PEM}) all read.
 * Stateless and thread-safe.
 */
public final class PemFiles {

    private PemFiles() {
    }

    /** Every certificate in {@code file}, in file order; none is an error naming the file. */
    public static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .forEach(certificate -> certificates.add((X509Certificate) certificate));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no PEM certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /** The key from the PKCS#12 keystore {@code keystore} under {@code alias}. */
    static PrivateKey readKey(Path keystore, String alias, char[] password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return (PrivateKey) store.getKey(alias, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key " + alias + " from " + keystore + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code key} as unencrypted PKCS#8 PEM, readable by its owner only. */
    static void writeKey(Path file, PrivateKey key) throws IOException {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        OwnerOnlyFiles.write(file, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
    }

    /** An SSL context that trusts exactly the certificates in {@code caFiles} (PEM). */
    public static SSLContext trusting(List<Path> caFiles) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Path file : caFiles) {
                for (X509Certificate certificate : readCertificates(file)) {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust store from " + caFiles + ": " + e.getMessage(), e);
        }
    }
}
