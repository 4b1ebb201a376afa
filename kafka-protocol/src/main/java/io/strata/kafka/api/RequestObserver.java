package io.strata.kafka.api;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.Map;

/**
 * Told of every request a listener served (metrics): its API, how long it took from its frame
 * being read to its answer being ready, and the errors in the answer. Requests refused at the
 * protocol level (the connection closed before a handler ran) are not reported. Called on
 * whichever thread completed the request, often a Vert.x event loop: implementations must be
 * thread-safe and must not block.
 */
public interface RequestObserver {

    /** Nobody watches; nothing is computed for it. */
    RequestObserver NONE = (api, nanos, errors) -> {
    };

    /**
     * @param errors how many times each error code other than NONE appears in the answer (its
     *               top-level code and those of its topics, partitions or groups, as Kafka's
     *               {@code AbstractResponse.errorCounts} counts them); empty for a clean answer
     */
    void served(ApiKeys api, long nanos, Map<Errors, Integer> errors);
}
