package io.strata.kafka.api;

import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One decoded request: its header, its body (kafka-clients' request class, whose {@code data()} is
 * the generated message) and the session of the connection it came on.
 */
public record KafkaRequest(RequestHeader header, AbstractRequest body, ClientSession session) {

    public short version() {
        return header.apiVersion();
    }

    /** The generated request data, e.g. {@code ProduceRequestData}. */
    @SuppressWarnings("unchecked")
    public <T extends ApiMessage> T data() {
        return (T) body.data();
    }
}
