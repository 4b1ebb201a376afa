package io.strata.kafka.admin;

import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Runs a handler on a request built by kafka-clients, as the dispatcher would, and brings the
 * answer back through the wire format at the request's version: a field the version cannot carry
 * fails the test here, as it would fail the encoding in the listener.
 */
final class AdminRequests {

    private AdminRequests() {
    }

    @SuppressWarnings("unchecked")
    static <T extends ApiMessage> T call(KafkaApiHandler handler, AbstractRequest.Builder<?> builder, short version) {
        ApiKeys key = handler.apiKey();
        AbstractRequest body = builder.build(version);
        KafkaRequest request = new KafkaRequest(new RequestHeader(key, version, "admin-test", 7), body,
                new ClientSession("c-1", new InetSocketAddress("127.0.0.1", 50000), false));
        ApiMessage answer;
        try {
            answer = handler.handle(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the handler failed instead of answering", e);
        }
        return (T) AbstractResponse.parseResponse(key, MessageUtil.toByteBufferAccessor(answer, version), version).data();
    }
}
