package io.strata.kafka.group;

import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives group handlers the way the listener does: a kafka-clients request built at a version,
 * written to bytes and read back (so only what the version carries arrives), answered, and the
 * answer written at that version and read back as the client would.
 */
final class GroupRequests {

    static final ClientSession SESSION = new ClientSession("conn-1", new InetSocketAddress("127.0.0.1", 50000), false);

    private final List<KafkaApiHandler> handlers;

    GroupRequests(List<KafkaApiHandler> handlers) {
        this.handlers = handlers;
    }

    KafkaApiHandler handler(ApiKeys key) {
        return handlers.stream().filter(h -> h.apiKey() == key).findFirst().orElseThrow();
    }

    <T extends AbstractResponse> T send(AbstractRequest.Builder<?> builder, short version) {
        try {
            return this.<T>sendAsync(builder, version).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(builder.apiKey() + " v" + version + " failed", e);
        }
    }

    /** The answer once the handler gives it: for requests a test holds up on their way. */
    @SuppressWarnings("unchecked")
    <T extends AbstractResponse> CompletableFuture<T> sendAsync(AbstractRequest.Builder<?> builder, short version) {
        AbstractRequest built = builder.build(version);
        ByteBufferAccessor written = built.serialize();
        ByteBuffer bytes = written.buffer();
        bytes.rewind();
        AbstractRequest body = AbstractRequest.parseRequest(builder.apiKey(), version, new ByteBufferAccessor(bytes)).request;
        KafkaRequest request = new KafkaRequest(new RequestHeader(builder.apiKey(), version, "client-1", 7), body, SESSION);
        return handler(builder.apiKey()).handle(request).toCompletableFuture().thenApply(answer -> {
            ByteBuffer response = MessageUtil.toByteBufferAccessor(answer, version).buffer();
            response.rewind();
            return (T) AbstractResponse.parseResponse(builder.apiKey(), new ByteBufferAccessor(response), version);
        });
    }
}
