package io.strata.kafka.testing;

import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** Calls a handler directly with a request built by kafka-clients, as the dispatcher would. */
public final class Requests {

    private Requests() {
    }

    public static KafkaRequest of(AbstractRequest body) {
        return new KafkaRequest(new RequestHeader(body.apiKey(), body.version(), "unit-test", 1), body,
                new ClientSession("unit", InetSocketAddress.createUnresolved("127.0.0.1", 1), false));
    }

    @SuppressWarnings("unchecked")
    public static <T extends ApiMessage> T call(KafkaApiHandler handler, AbstractRequest body) throws Exception {
        T response = (T) handler.handle(of(body)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        // What the dispatcher does next: write it at the request's version. A field the version cannot
        // carry fails here, as it would close the client's connection.
        org.apache.kafka.common.protocol.MessageUtil.toByteBufferAccessor(response, body.version());
        return response;
    }
}
