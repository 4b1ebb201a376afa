package io.strata.kafka.admin;

import com.google.protobuf.ByteString;
import io.strata.api.scram.ScramAlgorithm;
import io.strata.api.v1.DeleteScramCredentialRequest;
import io.strata.api.v1.UpsertScramCredentialRequest;
import io.strata.kafka.admin.Outcomes.Failure;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.UserCredentials;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialDeletion;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * AlterUserScramCredentials v0 ({@code Admin.alterUserScramCredentials}, {@code kafka-configs
 * --alter --add-config 'SCRAM-SHA-256=[iterations=…,password=…]' --entity-type users}): the client
 * salts the password itself and sends salt, iterations and salted password; the metadata service
 * keeps only the stored key and server key derived from them. One result per user: its changes
 * are applied in order and the first failure is its answer (UNSUPPORTED_SASL_MECHANISM for an
 * unknown mechanism, UNACCEPTABLE_CREDENTIAL for a bad name or iteration count,
 * RESOURCE_NOT_FOUND for deleting a credential that does not exist, DUPLICATE_RESOURCE when one
 * user and mechanism is altered twice in the request, as Kafka answers). Users are altered
 * independently. Without ACLs any authenticated principal may alter any user. {@code changed} is
 * told of every user whose credentials may have changed (the node's cache forgets them).
 * Stateless.
 */
final class AlterUserScramCredentialsHandler implements KafkaApiHandler {

    private final UserCredentials credentials;
    private final Consumer<String> changed;

    AlterUserScramCredentialsHandler(UserCredentials credentials, Consumer<String> changed) {
        this.credentials = credentials;
        this.changed = changed;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_USER_SCRAM_CREDENTIALS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        AlterUserScramCredentialsRequestData data = request.data();
        Map<String, List<Supplier<CompletionStage<Void>>>> byUser = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (ScramCredentialDeletion deletion : data.deletions()) {
            keys.add(deletion.name() + "\0" + deletion.mechanism());
            byUser.computeIfAbsent(deletion.name(), user -> new ArrayList<>()).add(() -> delete(deletion));
        }
        for (ScramCredentialUpsertion upsertion : data.upsertions()) {
            keys.add(upsertion.name() + "\0" + upsertion.mechanism());
            byUser.computeIfAbsent(upsertion.name(), user -> new ArrayList<>()).add(() -> upsert(upsertion));
        }
        // A user whose one mechanism is altered twice: Kafka refuses all of that user's changes.
        Set<String> duplicated = Outcomes.duplicates(keys, key -> key).stream()
                .map(key -> key.substring(0, key.indexOf('\0'))).collect(java.util.stream.Collectors.toSet());
        List<CompletionStage<AlterUserScramCredentialsResult>> results = new ArrayList<>();
        for (Map.Entry<String, List<Supplier<CompletionStage<Void>>>> user : byUser.entrySet()) {
            results.add(duplicated.contains(user.getKey())
                    ? CompletableFuture.completedFuture(result(user.getKey(), Errors.DUPLICATE_RESOURCE,
                    "A user credential cannot be altered twice in the same request"))
                    : alter(user.getKey(), user.getValue()));
        }
        return Outcomes.all(results).thenApply(all -> {
            AlterUserScramCredentialsResponseData response = new AlterUserScramCredentialsResponseData();
            response.results().addAll(all);
            return response;
        });
    }

    private CompletionStage<AlterUserScramCredentialsResult> alter(String user, List<Supplier<CompletionStage<Void>>> changes) {
        if (user.isEmpty()) {
            return CompletableFuture.completedFuture(result(user, Errors.UNACCEPTABLE_CREDENTIAL, "Username must not be empty"));
        }
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Supplier<CompletionStage<Void>> change : changes) {
            chain = chain.thenCompose(ignored -> Outcomes.attempt(change));
        }
        return chain.handle((ignored, failure) -> {
            changed.accept(user);
            if (failure == null) {
                return result(user, Errors.NONE, null);
            }
            Failure error = Failure.of(failure);
            return result(user, error.error(), error.message());
        });
    }

    private CompletionStage<Void> upsert(ScramCredentialUpsertion upsertion) {
        ScramAlgorithm algorithm = algorithm(upsertion.mechanism());
        return credentials.upsert(UpsertScramCredentialRequest.newBuilder().setUser(upsertion.name())
                .setMechanism(algorithm.proto()).setIterations(upsertion.iterations())
                .setSalt(ByteString.copyFrom(upsertion.salt())).setSaltedPassword(ByteString.copyFrom(upsertion.saltedPassword()))
                .build());
    }

    private CompletionStage<Void> delete(ScramCredentialDeletion deletion) {
        ScramAlgorithm algorithm = algorithm(deletion.mechanism());
        return credentials.delete(DeleteScramCredentialRequest.newBuilder().setUser(deletion.name())
                .setMechanism(algorithm.proto()).build());
    }

    private static ScramAlgorithm algorithm(byte type) {
        return ScramAlgorithm.ofKafkaType(type).orElseThrow(() ->
                new org.apache.kafka.common.errors.UnsupportedSaslMechanismException("Unknown SCRAM mechanism " + type));
    }

    private static AlterUserScramCredentialsResult result(String user, Errors error, String message) {
        return new AlterUserScramCredentialsResult().setUser(user).setErrorCode(error.code()).setErrorMessage(message);
    }
}
