package io.strata.kafka.api;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.concurrent.CompletionStage;

/**
 * Serves one Kafka API. The dispatcher decodes the request with kafka-clients' generated classes,
 * hands it here, and encodes what the returned stage completes with; a stage that fails is answered
 * with the request's own error response, its code from {@link io.strata.kafka.error.KafkaErrors}.
 *
 * <p>The version range is what is advertised in ApiVersions: only versions this handler really
 * serves. Implementations are called on a Vert.x event loop and must never block it: disk work and
 * remote calls go through the backends, which answer with stages.
 */
public interface KafkaApiHandler {

    ApiKeys apiKey();

    /** The lowest version advertised. */
    short minVersion();

    /** The highest version advertised; never above {@link ApiKeys#latestVersion()} of the kafka-clients in use. */
    short maxVersion();

    /**
     * Answers one request.
     *
     * @return the response data (e.g. {@code ProduceResponseData}) of the request's API, at any
     *         version: the dispatcher writes it at the request's version
     */
    CompletionStage<ApiMessage> handle(KafkaRequest request);
}
