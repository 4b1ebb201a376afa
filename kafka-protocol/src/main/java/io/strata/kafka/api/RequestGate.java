package io.strata.kafka.api;

import org.apache.kafka.common.protocol.ApiMessage;

import java.util.concurrent.CompletionStage;

/**
 * What stands between the dispatcher and a handler: the one place a request may be refused (or
 * narrowed, or its answer filtered) before and after its handler runs, e.g. ACLs. Called on a
 * Vert.x event loop; must not block it.
 *
 * <p>A gate may call the handler later, from any thread (after a read it waited for): the handler
 * it is given then runs on the connection's thread, and the connection sends nothing further to
 * its handlers until it has ({@link HandOff}). It must call the handler at most once.
 */
public interface RequestGate {

    /** Lets every request through to its handler. */
    RequestGate OPEN = (request, handler) -> handler.handle(request);

    CompletionStage<ApiMessage> handle(KafkaRequest request, KafkaApiHandler handler);
}
