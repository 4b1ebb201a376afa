package io.strata.kafka.group;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One group API: its key, the versions advertised and the function that answers it. The versions
 * are checked against kafka-clients when built, so nothing above what it can encode is advertised.
 */
record GroupApiHandler(ApiKeys apiKey, short minVersion, short maxVersion,
                       Function<KafkaRequest, CompletionStage<ApiMessage>> answer) implements KafkaApiHandler {

    GroupApiHandler {
        if (minVersion < apiKey.oldestVersion() || maxVersion > apiKey.latestVersion() || minVersion > maxVersion) {
            throw new IllegalArgumentException(apiKey + " versions " + minVersion + ".." + maxVersion
                    + " outside kafka-clients' " + apiKey.oldestVersion() + ".." + apiKey.latestVersion());
        }
    }

    /** Every version kafka-clients knows. */
    static GroupApiHandler all(ApiKeys apiKey, Function<KafkaRequest, CompletionStage<ApiMessage>> answer) {
        return new GroupApiHandler(apiKey, apiKey.oldestVersion(), apiKey.latestVersion(), answer);
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        return answer.apply(request);
    }
}
