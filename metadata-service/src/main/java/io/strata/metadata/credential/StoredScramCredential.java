package io.strata.metadata.credential;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/**
 * One row of {@code scram_credentials}: a user's credential for one SCRAM mechanism. Holds salt,
 * iterations, stored key and server key only; no password or salted password ever reaches this
 * table (see {@link ScramCredentialService}).
 */
@Entity
@Table(name = "scram_credentials")
@IdClass(StoredScramCredential.Key.class)
public class StoredScramCredential extends PanacheEntityBase {

    @Id
    @Column(name = "user_name")
    public String userName;

    /** The SASL mechanism name, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}. */
    @Id
    public String mechanism;

    public byte[] salt;

    public int iterations;

    @Column(name = "stored_key")
    public byte[] storedKey;

    @Column(name = "server_key")
    public byte[] serverKey;

    @Column(name = "updated_ms")
    public long updatedMs;

    /** The primary key: user and mechanism. */
    public static class Key implements Serializable {
        public String userName;
        public String mechanism;

        public Key() {
        }

        public Key(String userName, String mechanism) {
            this.userName = userName;
            this.mechanism = mechanism;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Objects.equals(k.userName, userName) && Objects.equals(k.mechanism, mechanism);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userName, mechanism);
        }
    }
}
