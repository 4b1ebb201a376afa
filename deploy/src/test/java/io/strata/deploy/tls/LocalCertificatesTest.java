package io.strata.deploy.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The local CA and service certificates made with keytool: chain, names, lifetime, keys, reuse. */
class LocalCertificatesTest {

    @TempDir
    Path dir;

    @Test
    void aServiceCertificateChainsToTheCaAndNamesLocalhost() throws Exception {
        LocalCertificates certificates = new LocalCertificates(dir);

        assertThat(certificates.ensure(List.of("gateway", "partition-node-1"))).containsExactly("ca", "gateway", "partition-node-1");

        X509Certificate ca = PemFiles.readCertificates(certificates.caFile()).get(0);
        List<X509Certificate> chain = PemFiles.readCertificates(certificates.certFile("gateway"));
        assertThat(chain).hasSize(2);
        X509Certificate leaf = chain.get(0);
        leaf.verify(ca.getPublicKey());
        ca.verify(ca.getPublicKey());
        assertThat(chain.get(1)).isEqualTo(ca);
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=gateway");
        assertThat(leaf.getSubjectAlternativeNames()).extracting(name -> name.get(0) + "=" + name.get(1))
                .containsExactlyInAnyOrder("2=localhost", "7=127.0.0.1");
        assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        Instant expectedEnd = Instant.now().plus(Duration.ofDays(LocalCertificates.DEFAULT_LEAF_VALIDITY_DAYS));
        assertThat(leaf.getNotAfter().toInstant().getEpochSecond()).isCloseTo(expectedEnd.getEpochSecond(), within(3600L));
        assertThat(ca.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(3000)));
    }

    @Test
    void theKeyFileIsPkcs8PemOfTheCertificatesKeyAndOnlyItsOwnerReadsIt() throws Exception {
        LocalCertificates certificates = new LocalCertificates(dir);
        certificates.ensure(List.of("metadata-service"));

        String pem = Files.readString(certificates.keyFile("metadata-service"));
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(pem.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", ""));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update("strata".getBytes());
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(PemFiles.readCertificates(certificates.certFile("metadata-service")).get(0));
        verifier.update("strata".getBytes());
        assertThat(verifier.verify(signature)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certificates.keyFile("metadata-service"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.password"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name -> name.contains(".work"));
        }
    }

    @Test
    void validCertificatesAreReusedAndAMissingOneIsMadeWithTheSameCa() throws Exception {
        LocalCertificates certificates = new LocalCertificates(dir);
        certificates.ensure(List.of("gateway", "admin-ui"));
        String ca = Files.readString(certificates.caFile());
        String gateway = Files.readString(certificates.certFile("gateway"));
        Files.delete(certificates.keyFile("admin-ui"));

        assertThat(certificates.ensure(List.of("gateway", "admin-ui"))).containsExactly("admin-ui");

        assertThat(Files.readString(certificates.caFile())).isEqualTo(ca);
        assertThat(Files.readString(certificates.certFile("gateway"))).isEqualTo(gateway);
        assertThat(certificates.ensure(List.of("gateway", "admin-ui"))).isEmpty();
    }

    @Test
    void aCertificateCloseToItsEndIsMadeAgain() throws Exception {
        // 10 days of validity is inside RENEW_BEFORE (30 days): every ensure renews it.
        LocalCertificates shortLived = new LocalCertificates(dir, 10);
        shortLived.ensure(List.of("gateway"));
        X509Certificate first = PemFiles.readCertificates(shortLived.certFile("gateway")).get(0);

        assertThat(shortLived.ensure(List.of("gateway"))).containsExactly("gateway");

        X509Certificate second = PemFiles.readCertificates(shortLived.certFile("gateway")).get(0);
        assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(new LocalCertificates(dir).ensure(List.of("gateway"))).containsExactly("gateway");
        assertThat(new LocalCertificates(dir).ensure(List.of("gateway"))).isEmpty();
    }

    @Test
    void aCertificateOfAnotherCaIsReplaced() throws Exception {
        LocalCertificates other = new LocalCertificates(dir.resolve("other"));
        other.ensure(List.of("gateway"));
        LocalCertificates certificates = new LocalCertificates(dir.resolve("mine"));
        certificates.ensure(List.of());
        Files.copy(other.certFile("gateway"), certificates.certFile("gateway"));
        Files.copy(other.keyFile("gateway"), certificates.keyFile("gateway"));

        assertThat(certificates.ensure(List.of("gateway"))).containsExactly("gateway");
        PemFiles.readCertificates(certificates.certFile("gateway")).get(0)
                .verify(PemFiles.readCertificates(certificates.caFile()).get(0).getPublicKey());
    }

    @Test
    void theClusterSecretIsMadeOnceAndKept() throws Exception {
        Path file = dir.resolve("cluster-secret");
        String secret = SecretFile.ensure(file);
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
        assertThat(SecretFile.ensure(file)).isEqualTo(secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
