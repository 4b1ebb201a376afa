package io.strata.kafka.api;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * ApiVersions: lists exactly the registered handlers' version ranges (itself included), no
 * throttle, no features. An invalid client software name or version (v3+) is INVALID_REQUEST, as
 * in Kafka. Immutable; reads the registry it was built with, which never changes afterwards.
 */
final class ApiVersionsHandler implements KafkaApiHandler {

    private final Map<ApiKeys, KafkaApiHandler> registry;

    ApiVersionsHandler(Map<ApiKeys, KafkaApiHandler> registry) {
        this.registry = registry;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.API_VERSIONS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.API_VERSIONS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        ApiVersionsRequest body = (ApiVersionsRequest) request.body();
        ApiVersionsResponseData response = new ApiVersionsResponseData().setThrottleTimeMs(0);
        if (!body.isValid()) {
            response.setErrorCode(Errors.INVALID_REQUEST.code());
        } else {
            response.setErrorCode(Errors.NONE.code()).setApiKeys(advertised(registry));
        }
        return CompletableFuture.completedFuture(response);
    }

    static ApiVersionCollection advertised(Map<ApiKeys, KafkaApiHandler> registry) {
        ApiVersionCollection versions = new ApiVersionCollection();
        registry.values().stream()
                .sorted((a, b) -> Short.compare(a.apiKey().id, b.apiKey().id))
                .forEach(h -> versions.add(new ApiVersion().setApiKey(h.apiKey().id)
                        .setMinVersion(h.minVersion()).setMaxVersion(h.maxVersion())));
        return versions;
    }
}
