package io.strata.adminui.config;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * How the console's HTTP clients trust the cluster: with {@code strata.tls.ca-file} (env
 * {@code STRATA_TLS_CA_FILE}, the cluster CA in PEM, the same setting every Strata service reads)
 * they speak HTTPS, trust only that CA and check host names (the JDK client always does); without
 * it, the JDK's default trust. Every HTTP client of the console is built by {@link #client}.
 * Immutable after construction; the CA file is read once.
 */
@Singleton
public class ClusterTrust {

    private final Optional<SSLContext> context;

    public ClusterTrust(@ConfigProperty(name = "strata.tls.ca-file") Optional<Path> caFile) {
        this.context = caFile.map(ClusterTrust::trusting);
    }

    /** An HTTP client with this trust and {@code connectTimeout}. */
    public HttpClient client(Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
        context.ifPresent(builder::sslContext);
        return builder.build();
    }

    /** {@code https} when the cluster speaks TLS, else {@code http}: for addresses that come without a scheme. */
    public String scheme() {
        return context.isPresent() ? "https" : "http";
    }

    static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("strata.tls.ca-file " + caFile + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("strata.tls.ca-file " + caFile + " cannot be read as PEM certificates: " + e.getMessage(), e);
        }
    }
}
