package io.strata.kafka.backend;

import io.strata.api.v1.DeleteScramCredentialRequest;
import io.strata.api.v1.ScramCredential;
import io.strata.api.v1.UpsertScramCredentialRequest;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The metadata service's SCRAM credentials as the Kafka listener needs them: to authenticate a
 * client (with keys) and to serve Kafka's user management APIs (without). Forwarded unchanged; the
 * service validates and names what it refuses. Stages fail with
 * {@link io.strata.api.error.StrataException}; none blocks its caller.
 */
public interface UserCredentials {

    /** The credentials of {@code users} (every user's when empty), ordered by user then mechanism. */
    CompletionStage<List<ScramCredential>> describe(List<String> users, boolean includeKeys);

    CompletionStage<Void> upsert(UpsertScramCredentialRequest request);

    /** Fails with RESOURCE_NOT_FOUND when the user has no credential of that mechanism. */
    CompletionStage<Void> delete(DeleteScramCredentialRequest request);
}
