package io.strata.kafka.admin;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeClientQuotas v0–v1, answered with no quotas (Strata has none yet): what
 * {@code kafka-configs --describe --entity-type users} asks beside the SCRAM credentials, so the
 * tool works. Stateless.
 */
final class DescribeClientQuotasHandler implements KafkaApiHandler {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLIENT_QUOTAS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        return CompletableFuture.completedFuture(new DescribeClientQuotasResponseData().setErrorCode(Errors.NONE.code())
                .setEntries(List.of()));
    }
}
