package io.strata.metadata.credential;

import com.google.protobuf.ByteString;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.scram.ScramAlgorithm;
import io.strata.api.scram.ScramKeys;
import io.strata.api.v1.DeleteScramCredentialRequest;
import io.strata.api.v1.DeleteScramCredentialResponse;
import io.strata.api.v1.DescribeScramCredentialsRequest;
import io.strata.api.v1.DescribeScramCredentialsResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.ScramCredential;
import io.strata.api.v1.ScramMechanism;
import io.strata.api.v1.UpsertScramCredentialRequest;
import io.strata.api.v1.UpsertScramCredentialResponse;
import io.strata.metadata.config.MetadataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;

/**
 * The SCRAM credentials of the Kafka listener's users: upsert, delete, describe.
 *
 * <p>Invariant: no password or salted password is ever stored or logged. Upsert takes a salted
 * password (what Kafka's AlterUserScramCredentials carries), derives stored key and server key
 * from it and drops it; log lines name the user, mechanism and iteration count only. Not a
 * metadata change (no version, no watch event): nodes read credentials when a client logs in and
 * cache them briefly. Thread-safe (stateless; each call runs in its own transaction).
 */
@ApplicationScoped
public class ScramCredentialService {

    /** The longest user name kept (bytes are not counted: characters, as PostgreSQL's varchar). */
    public static final int MAX_USER_NAME_LENGTH = 256;
    /** The longest salt accepted; Kafka's clients send 32 bytes or fewer. */
    public static final int MAX_SALT_BYTES = 1024;

    private static final Logger LOG = Logger.getLogger(ScramCredentialService.class);

    private final MetadataConfig.Scram config;
    private final Clock clock;

    public ScramCredentialService(MetadataConfig config, Clock clock) {
        this.config = config.scram();
        this.clock = clock;
    }

    @WithTransaction
    public Uni<UpsertScramCredentialResponse> upsert(UpsertScramCredentialRequest request) {
        ScramAlgorithm algorithm = algorithm(request.getMechanism());
        checkUser(request.getUser());
        checkIterations(request.getIterations());
        if (request.getSalt().isEmpty() || request.getSalt().size() > MAX_SALT_BYTES) {
            throw new StrataException(ErrorCode.UNACCEPTABLE_CREDENTIAL, "salt: " + request.getSalt().size()
                    + " bytes is outside 1 … " + MAX_SALT_BYTES);
        }
        int hashBytes = algorithm.hash(new byte[0]).length;
        if (request.getSaltedPassword().size() != hashBytes) {
            throw new StrataException(ErrorCode.UNACCEPTABLE_CREDENTIAL, "salted_password: " + request.getSaltedPassword().size()
                    + " bytes; " + algorithm.mechanismName() + " makes " + hashBytes);
        }
        ScramKeys keys = algorithm.keys(request.getSalt().toByteArray(), request.getIterations(),
                request.getSaltedPassword().toByteArray());
        return store(request.getUser(), keys).map(stored -> UpsertScramCredentialResponse.newBuilder()
                .setCredential(describe(stored, false)).build());
    }

    /** Stores {@code keys} as the user's credential of their mechanism, replacing one it had. Inside the caller's transaction. */
    Uni<StoredScramCredential> store(String user, ScramKeys keys) {
        String mechanism = keys.algorithm().mechanismName();
        return StoredScramCredential.<StoredScramCredential>findById(new StoredScramCredential.Key(user, mechanism))
                .chain(existing -> {
                    StoredScramCredential row = existing != null ? existing : new StoredScramCredential();
                    row.userName = user;
                    row.mechanism = mechanism;
                    row.salt = keys.salt();
                    row.iterations = keys.iterations();
                    row.storedKey = keys.storedKey();
                    row.serverKey = keys.serverKey();
                    row.updatedMs = clock.millis();
                    LOG.infof("%s credential of user %s %s (%d iterations)", mechanism, user,
                            existing != null ? "replaced" : "created", keys.iterations());
                    return existing != null ? Uni.createFrom().item(row) : row.<StoredScramCredential>persist();
                });
    }

    @WithTransaction
    public Uni<DeleteScramCredentialResponse> delete(DeleteScramCredentialRequest request) {
        ScramAlgorithm algorithm = algorithm(request.getMechanism());
        checkUser(request.getUser());
        return StoredScramCredential.deleteById(new StoredScramCredential.Key(request.getUser(), algorithm.mechanismName()))
                .map(deleted -> {
                    if (!deleted) {
                        throw new StrataException(ErrorCode.RESOURCE_NOT_FOUND, "user " + request.getUser() + " has no "
                                + algorithm.mechanismName() + " credential");
                    }
                    LOG.infof("%s credential of user %s deleted", algorithm.mechanismName(), request.getUser());
                    return DeleteScramCredentialResponse.getDefaultInstance();
                });
    }

    @WithTransaction
    public Uni<DescribeScramCredentialsResponse> describe(DescribeScramCredentialsRequest request) {
        Uni<List<StoredScramCredential>> rows = request.getUsersCount() == 0
                ? StoredScramCredential.list("order by userName, mechanism")
                : StoredScramCredential.list("userName in ?1 order by userName, mechanism", request.getUsersList());
        return rows.map(list -> DescribeScramCredentialsResponse.newBuilder()
                .addAllCredentials(list.stream().map(row -> describe(row, request.getIncludeKeys())).toList())
                .build());
    }

    private static ScramCredential describe(StoredScramCredential row, boolean includeKeys) {
        ScramCredential.Builder credential = ScramCredential.newBuilder().setUser(row.userName)
                .setMechanism(ScramAlgorithm.ofMechanismName(row.mechanism).orElseThrow().proto())
                .setIterations(row.iterations);
        if (includeKeys) {
            credential.setSalt(ByteString.copyFrom(row.salt)).setStoredKey(ByteString.copyFrom(row.storedKey))
                    .setServerKey(ByteString.copyFrom(row.serverKey));
        }
        return credential.build();
    }

    private static ScramAlgorithm algorithm(ScramMechanism mechanism) {
        return ScramAlgorithm.of(mechanism).orElseThrow(() -> new StrataException(ErrorCode.UNACCEPTABLE_CREDENTIAL,
                "mechanism: " + mechanism + " is not SCRAM_SHA_256 or SCRAM_SHA_512"));
    }

    static void checkUser(String user) {
        if (user.isEmpty() || user.length() > MAX_USER_NAME_LENGTH) {
            throw new StrataException(ErrorCode.UNACCEPTABLE_CREDENTIAL, "user: a name of " + user.length()
                    + " characters is outside 1 … " + MAX_USER_NAME_LENGTH);
        }
    }

    private void checkIterations(int iterations) {
        if (iterations < config.minIterations()) {
            throw new StrataException(ErrorCode.UNACCEPTABLE_CREDENTIAL, "iterations: " + iterations
                    + " is too few; at least " + config.minIterations() + " (strata.metadata.scram.min-iterations)");
        }
        if (iterations > config.maxIterations()) {
            throw new StrataException(ErrorCode.UNACCEPTABLE_CREDENTIAL, "iterations: " + iterations
                    + " is too many; at most " + config.maxIterations() + " (strata.metadata.scram.max-iterations)");
        }
    }
}
