package io.strata.api.scram;

import io.strata.api.v1.ScramMechanism;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The two SCRAM mechanisms Kafka offers (RFC 5802 with the hash of RFC 7677 / RFC 5802's SHA-512
 * variant) and the key derivation both sides of an exchange share:
 * <pre>
 *   SaltedPassword = Hi(password, salt, i)        PBKDF2 with HMAC-H, one block
 *   ClientKey      = HMAC(SaltedPassword, "Client Key")
 *   StoredKey      = H(ClientKey)                 kept by the server
 *   ServerKey      = HMAC(SaltedPassword, "Server Key")  kept by the server
 * </pre>
 * The server keeps only {@link ScramKeys} (salt, iterations, stored key, server key): they check a
 * client's proof but cannot make one. Only the JDK's {@code javax.crypto} is used; the password is
 * taken as its UTF-8 bytes, without SASLprep, as Kafka's clients do.
 *
 * <p>Immutable and thread-safe (every call takes a fresh {@link Mac}).
 */
public enum ScramAlgorithm {

    SCRAM_SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", (byte) 1, ScramMechanism.SCRAM_SHA_256),
    SCRAM_SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512", (byte) 2, ScramMechanism.SCRAM_SHA_512);

    /** Kafka's lower bound on iterations (RFC 7677 asks for at least 4096). */
    public static final int MIN_ITERATIONS = 4096;
    /** Kafka's upper bound on iterations: more costs every login a lot of CPU for little gain. */
    public static final int MAX_ITERATIONS = 16384;

    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    private final String mechanismName;
    private final String hashName;
    private final String macName;
    private final byte kafkaType;
    private final ScramMechanism proto;

    ScramAlgorithm(String mechanismName, String hashName, String macName, byte kafkaType, ScramMechanism proto) {
        this.mechanismName = mechanismName;
        this.hashName = hashName;
        this.macName = macName;
        this.kafkaType = kafkaType;
        this.proto = proto;
    }

    /** The SASL mechanism name, e.g. {@code SCRAM-SHA-256}. */
    public String mechanismName() {
        return mechanismName;
    }

    /** Kafka's {@code ScramMechanism} type byte in AlterUserScramCredentials / DescribeUserScramCredentials. */
    public byte kafkaType() {
        return kafkaType;
    }

    public ScramMechanism proto() {
        return proto;
    }

    /** The algorithm of a SASL mechanism name (case-insensitive), if it is one of these. */
    public static Optional<ScramAlgorithm> ofMechanismName(String name) {
        String upper = name == null ? "" : name.toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.mechanismName.equals(upper)).findFirst();
    }

    /** The algorithm of Kafka's mechanism type byte, if it is one of these. */
    public static Optional<ScramAlgorithm> ofKafkaType(byte type) {
        return Arrays.stream(values()).filter(a -> a.kafkaType == type).findFirst();
    }

    /** The algorithm of the proto enum, if it names one. */
    public static Optional<ScramAlgorithm> of(ScramMechanism mechanism) {
        return Arrays.stream(values()).filter(a -> a.proto == mechanism).findFirst();
    }

    public byte[] hash(byte[] bytes) {
        try {
            return MessageDigest.getInstance(hashName).digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hashName + " is not available in this JDK", e);
        }
    }

    public byte[] hmac(byte[] key, byte[] bytes) {
        return mac(key).doFinal(bytes);
    }

    /** Hi(password, salt, i) of RFC 5802: PBKDF2 with HMAC-H and one output block. */
    public byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        Mac mac = mac(password);
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[]{0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    public byte[] clientKey(byte[] saltedPassword) {
        return hmac(saltedPassword, CLIENT_KEY);
    }

    public byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, SERVER_KEY);
    }

    /** What a server keeps of a salted password. */
    public ScramKeys keys(byte[] salt, int iterations, byte[] saltedPassword) {
        return new ScramKeys(this, salt, iterations, hash(clientKey(saltedPassword)), serverKey(saltedPassword));
    }

    /** What a server keeps of a password (PLAIN's check and a bootstrap user derive it this way). */
    public ScramKeys keysOfPassword(String password, byte[] salt, int iterations) {
        return keys(salt, iterations, saltedPassword(password.getBytes(StandardCharsets.UTF_8), salt, iterations));
    }

    private Mac mac(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("an HMAC key (a password) must not be empty");
        }
        try {
            Mac mac = Mac.getInstance(macName);
            mac.init(new SecretKeySpec(key, macName));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(macName + " is not available in this JDK", e);
        }
    }
}
