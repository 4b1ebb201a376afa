package io.strata.api.tls;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * gRPC channel credentials that trust the CA certificates of one PEM file: the same check for a
 * service's internal channels ({@code strata.tls.ca-file}) and the Java client's channels to its
 * gateways ({@code security.tls.ca-file}).
 *
 * <p>grpc-java reads the file only when it first connects, so a wrong path or a file that holds no
 * certificate would surface as an opaque handshake failure later; here it fails at once, naming
 * the setting and the file. Stateless.
 */
public final class PemTrust {

    private PemTrust() {
    }

    /**
     * TLS credentials trusting the certificates in {@code caFile}.
     *
     * @param setting the name the user set the file with, for the error message
     * @throws IllegalArgumentException naming {@code setting} when the file is unreadable or holds no PEM certificate
     */
    public static ChannelCredentials channelCredentials(Path caFile, String setting) {
        if (!Files.isReadable(caFile)) {
            throw new IllegalArgumentException(setting + " " + caFile + " is not a readable file");
        }
        try (InputStream in = Files.newInputStream(caFile)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new IllegalArgumentException(setting + " " + caFile + " holds no PEM certificate");
            }
            return TlsChannelCredentials.newBuilder().trustManager(caFile.toFile()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + setting + " " + caFile, e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(setting + " " + caFile + " is not PEM certificates: " + e.getMessage(), e);
        }
    }
}
