package io.strata.kafka.api;

import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

/**
 * The error codes in an answer, counted as Kafka's {@code AbstractResponse.errorCounts} counts
 * them, without NONE. Produce and Fetch, the hot paths, are counted from their data directly; any
 * other answer is read back from the frame written for it (kafka-clients knows where each API
 * keeps its codes), a cost only the rarer control-plane answers pay. Stateless.
 */
final class ResponseErrors {

    private ResponseErrors() {
    }

    /**
     * @param frame the response frame as written, its 4-byte length first; null when nothing was
     *              written (Produce with acks=0)
     */
    static Map<Errors, Integer> of(RequestHeader request, ApiMessage body, ByteBuffer frame) {
        Map<Errors, Integer> counts = new EnumMap<>(Errors.class);
        if (body instanceof ProduceResponseData produce) {
            produce.responses().forEach(topic -> topic.partitionResponses()
                    .forEach(partition -> add(counts, Errors.forCode(partition.errorCode()), 1)));
        } else if (body instanceof FetchResponseData fetch) {
            add(counts, Errors.forCode(fetch.errorCode()), 1);
            fetch.responses().forEach(topic -> topic.partitions()
                    .forEach(partition -> add(counts, Errors.forCode(partition.errorCode()), 1)));
        } else if (frame != null) {
            AbstractResponse.parseResponse(frame.duplicate().position(4), request).errorCounts()
                    .forEach((error, count) -> add(counts, error, count));
        }
        return counts;
    }

    private static void add(Map<Errors, Integer> counts, Errors error, int count) {
        if (error != Errors.NONE) {
            counts.merge(error, count, Integer::sum);
        }
    }
}
