package io.strata.kafka.admin;

import io.strata.api.scram.ScramAlgorithm;
import io.strata.api.v1.ScramCredential;
import io.strata.kafka.admin.Outcomes.Failure;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.UserCredentials;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData.UserName;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.CredentialInfo;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * DescribeUserScramCredentials v0 ({@code Admin.describeUserScramCredentials},
 * {@code kafka-configs --describe --entity-type users}): each user's mechanisms and iteration
 * counts, never a salt or key. No users named (null or empty): every user with a credential. A
 * named user without one gets RESOURCE_NOT_FOUND, a name given twice DUPLICATE_RESOURCE, as in
 * Kafka. Stateless.
 */
final class DescribeUserScramCredentialsHandler implements KafkaApiHandler {

    private final UserCredentials credentials;

    DescribeUserScramCredentialsHandler(UserCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS;
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
        DescribeUserScramCredentialsRequestData data = request.data();
        List<String> named = data.users() == null ? List.of() : data.users().stream().map(UserName::name).toList();
        Set<String> duplicated = Outcomes.duplicates(named, name -> name);
        List<String> asked = named.stream().distinct().filter(name -> !duplicated.contains(name)).toList();
        if (!named.isEmpty() && asked.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(answer(named, duplicated, Map.of()));
        }
        return Outcomes.attempt(() -> credentials.describe(asked, false)).handle((found, failure) -> {
            if (failure != null) {
                Failure error = Failure.of(failure);
                return new DescribeUserScramCredentialsResponseData().setErrorCode(error.code()).setErrorMessage(error.message());
            }
            Map<String, List<CredentialInfo>> byUser = new LinkedHashMap<>();
            for (ScramCredential credential : found) {
                ScramAlgorithm.of(credential.getMechanism()).ifPresent(algorithm -> byUser
                        .computeIfAbsent(credential.getUser(), user -> new ArrayList<>())
                        .add(new CredentialInfo().setMechanism(algorithm.kafkaType()).setIterations(credential.getIterations())));
            }
            return answer(named.isEmpty() ? List.copyOf(byUser.keySet()) : named, duplicated, byUser);
        });
    }

    private static DescribeUserScramCredentialsResponseData answer(List<String> users, Set<String> duplicated,
                                                                   Map<String, List<CredentialInfo>> byUser) {
        DescribeUserScramCredentialsResponseData response = new DescribeUserScramCredentialsResponseData();
        for (String user : users.stream().distinct().toList()) {
            DescribeUserScramCredentialsResult result = new DescribeUserScramCredentialsResult().setUser(user);
            if (duplicated.contains(user)) {
                result.setErrorCode(Errors.DUPLICATE_RESOURCE.code())
                        .setErrorMessage("Cannot describe SCRAM credentials for the same user twice in a single request: " + user);
            } else if (!byUser.containsKey(user)) {
                result.setErrorCode(Errors.RESOURCE_NOT_FOUND.code())
                        .setErrorMessage("Attempt to describe a user credential that does not exist: " + user);
            } else {
                result.setCredentialInfos(byUser.get(user));
            }
            response.results().add(result);
        }
        return response;
    }
}
