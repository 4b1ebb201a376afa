package io.strata.kafka.testing;

import com.google.protobuf.ByteString;
import io.strata.api.error.StrataException;
import io.strata.api.scram.ScramAlgorithm;
import io.strata.api.scram.ScramKeys;
import io.strata.api.v1.DeleteScramCredentialRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.ScramCredential;
import io.strata.api.v1.UpsertScramCredentialRequest;
import io.strata.kafka.backend.UserCredentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** Credentials in a map, for unit tests of the SASL servers and the cache; counts the reads. */
public final class InMemoryCredentials implements UserCredentials {

    public final Map<String, ScramCredential> byKey = new TreeMap<>();
    public final AtomicInteger reads = new AtomicInteger();
    public volatile RuntimeException failNextRead;

    public void put(String user, ScramKeys keys) {
        byKey.put(user + "/" + keys.algorithm(), ScramCredential.newBuilder().setUser(user).setMechanism(keys.algorithm().proto())
                .setIterations(keys.iterations()).setSalt(ByteString.copyFrom(keys.salt()))
                .setStoredKey(ByteString.copyFrom(keys.storedKey())).setServerKey(ByteString.copyFrom(keys.serverKey())).build());
    }

    @Override
    public CompletionStage<List<ScramCredential>> describe(List<String> users, boolean includeKeys) {
        reads.incrementAndGet();
        RuntimeException failure = failNextRead;
        if (failure != null) {
            failNextRead = null;
            return CompletableFuture.failedFuture(failure);
        }
        List<ScramCredential> found = new ArrayList<>();
        for (ScramCredential credential : byKey.values()) {
            if (users.isEmpty() || users.contains(credential.getUser())) {
                found.add(credential);
            }
        }
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public CompletionStage<Void> upsert(UpsertScramCredentialRequest request) {
        ScramAlgorithm algorithm = ScramAlgorithm.of(request.getMechanism()).orElseThrow();
        put(request.getUser(), algorithm.keys(request.getSalt().toByteArray(), request.getIterations(),
                request.getSaltedPassword().toByteArray()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> delete(DeleteScramCredentialRequest request) {
        ScramAlgorithm algorithm = ScramAlgorithm.of(request.getMechanism()).orElseThrow();
        if (byKey.remove(request.getUser() + "/" + algorithm) == null) {
            return CompletableFuture.failedFuture(new StrataException(ErrorCode.RESOURCE_NOT_FOUND, "no such credential"));
        }
        return CompletableFuture.completedFuture(null);
    }
}
