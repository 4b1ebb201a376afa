package io.strata.kafka.testing;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Delegates to a handler and records the versions clients used, per API. Thread-safe. */
public final class RecordingHandler implements KafkaApiHandler {

    private final KafkaApiHandler delegate;
    private final Map<ApiKeys, Set<Short>> seen;

    public RecordingHandler(KafkaApiHandler delegate, Map<ApiKeys, Set<Short>> seen) {
        this.delegate = delegate;
        this.seen = seen;
    }

    @Override
    public ApiKeys apiKey() {
        return delegate.apiKey();
    }

    @Override
    public short minVersion() {
        return delegate.minVersion();
    }

    @Override
    public short maxVersion() {
        return delegate.maxVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        seen.computeIfAbsent(apiKey(), k -> ConcurrentHashMap.newKeySet()).add(request.version());
        return delegate.handle(request);
    }
}
