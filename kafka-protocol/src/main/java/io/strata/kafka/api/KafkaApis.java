package io.strata.kafka.api;

import io.strata.kafka.backend.FileBatches;
import io.strata.kafka.error.KafkaErrors;
import io.strata.kafka.sasl.RawSaslTokens;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The Kafka APIs one listener serves, by {@link ApiKeys}, and the dispatcher in front of them.
 *
 * <p>Built once per node from the handler lists each package provides, e.g.
 * <pre>{@code
 * KafkaApis apis = KafkaApis.of(
 *         MetadataApis.handlers(controlPlane),
 *         ProduceApis.handlers(partitions, controlPlane),
 *         FetchApis.handlers(vertx, partitions, controlPlane),
 *         groupHandlers, adminHandlers);
 * }</pre>
 * ApiVersions is added here and advertises exactly the registered handlers' version ranges, so
 * nothing is advertised that is not served. Two handlers for one API are refused when building.
 *
 * <p>Per request ({@link #handle}), Kafka's rules: an api key kafka-clients does not know, an API
 * not registered here, a version outside the advertised range or a body that does not parse closes
 * the connection (Kafka's SocketServer does the same); ApiVersions at an unknown version is answered
 * at v0 with UNSUPPORTED_VERSION and the list; until a session is authenticated only ApiVersions
 * and the SASL APIs are served (any other request closes the connection, as Kafka's
 * SaslServerAuthenticator does), and a SASL answer carrying an error is the connection's last: it
 * is written, then the connection closes. After SaslHandshake v0 the frames are bare SASL tokens
 * until the exchange completes ({@link RawSaslTokens}). Every request then passes the listener's
 * {@link RequestGate} (the ACLs, when enabled) on its way to its handler, and reaches it in the
 * order the connection sent it and on the connection's thread even when the gate decides later
 * ({@link HandOff}, {@link #dispatch}). A handler (or gate) stage
 * that fails is answered with the request's own error response, its code from {@link KafkaErrors}. Produce with acks=0 is never answered: the
 * connection is closed instead when a partition failed, as Kafka does, so the client notices.
 *
 * <p>Thread-safe and immutable after {@link #of}; {@link #handle} never blocks and its stage may
 * complete on any thread.
 */
public final class KafkaApis {

    private static final Logger LOG = Logger.getLogger(KafkaApis.class);

    private final Map<ApiKeys, KafkaApiHandler> handlers;
    private final RequestObserver observer;
    private final RequestGate gate;

    private KafkaApis(Map<ApiKeys, KafkaApiHandler> handlers, RequestObserver observer, RequestGate gate) {
        this.handlers = handlers;
        this.observer = observer;
        this.gate = gate;
    }

    /** The same APIs, telling {@code observer} of every request they serve. */
    public KafkaApis observedBy(RequestObserver observer) {
        return new KafkaApis(handlers, observer, gate);
    }

    /** The same APIs, every request passing {@code gate} (e.g. the ACLs) on its way to its handler. */
    public KafkaApis gatedBy(RequestGate gate) {
        return new KafkaApis(handlers, observer, gate);
    }

    /** The registry of every handler of {@code handlerLists}, plus ApiVersions. */
    @SafeVarargs
    public static KafkaApis of(List<? extends KafkaApiHandler>... handlerLists) {
        List<KafkaApiHandler> all = new ArrayList<>();
        for (List<? extends KafkaApiHandler> list : handlerLists) {
            all.addAll(list);
        }
        return of(all);
    }

    /** The registry of {@code handlers}, plus ApiVersions. */
    public static KafkaApis of(Collection<? extends KafkaApiHandler> handlers) {
        Map<ApiKeys, KafkaApiHandler> byKey = new EnumMap<>(ApiKeys.class);
        for (KafkaApiHandler handler : handlers) {
            register(byKey, handler);
        }
        register(byKey, new ApiVersionsHandler(byKey));
        return new KafkaApis(Collections.unmodifiableMap(byKey), RequestObserver.NONE, RequestGate.OPEN);
    }

    private static void register(Map<ApiKeys, KafkaApiHandler> byKey, KafkaApiHandler handler) {
        ApiKeys key = handler.apiKey();
        if (handler.minVersion() < 0 || handler.minVersion() > handler.maxVersion()
                || handler.maxVersion() > key.latestVersion()) {
            throw new IllegalArgumentException(handler.getClass().getName() + " advertises " + key + " v"
                    + handler.minVersion() + "-" + handler.maxVersion() + "; kafka-clients knows up to v" + key.latestVersion());
        }
        KafkaApiHandler previous = byKey.putIfAbsent(key, handler);
        if (previous != null) {
            throw new IllegalArgumentException(key + " is served by both " + previous.getClass().getName()
                    + " and " + handler.getClass().getName());
        }
    }

    /** The handler of {@code key}, if registered. */
    public Optional<KafkaApiHandler> handler(ApiKeys key) {
        return Optional.ofNullable(handlers.get(key));
    }

    /** The advertised ranges, ordered by api key (the ApiVersions answer). */
    public ApiVersionsResponseData.ApiVersionCollection advertised() {
        return ApiVersionsHandler.advertised(handlers);
    }

    /**
     * Serves one request frame on the calling thread (the length prefix removed; the buffer is
     * owned by the request from now on: record batches are handed to the backends as slices of it).
     */
    public CompletionStage<Reply> handle(ByteBuffer frame, ClientSession session) {
        return dispatch(frame, session, Runnable::run).reply();
    }

    /**
     * Serves one request frame of a connection whose thread is {@code connection}: a gate that
     * hands the request on after it returned does so through {@code connection}
     * ({@link HandOff}), and the connection reads its next request only after
     * {@link Dispatch#handedOn()}.
     */
    public Dispatch dispatch(ByteBuffer frame, ClientSession session, Executor connection) {
        if (RawSaslTokens.expected(session)) {
            return Dispatch.serial(RawSaslTokens.answer(frame, session));
        }
        Optional<ApiKeys> apiKey = RequestFrames.apiKey(frame);
        if (apiKey.isEmpty()) {
            return done(Reply.close("unknown api key " + (frame.remaining() >= 2 ? frame.getShort(frame.position()) : "(truncated)")));
        }
        KafkaApiHandler handler = handlers.get(apiKey.get());
        if (handler == null) {
            return done(Reply.close(apiKey.get() + " is not served on this listener"));
        }
        RequestHeader header;
        try {
            header = RequestFrames.header(frame);
        } catch (InvalidRequestException e) {
            return done(Reply.close(e.getMessage()));
        }
        if (session.principal().isEmpty() && !servedBeforeAuthentication(header.apiKey())) {
            return done(Reply.close(header.apiKey() + " before authentication"));
        }
        short version = header.apiVersion();
        if (version < handler.minVersion() || version > handler.maxVersion()) {
            if (header.apiKey() == ApiKeys.API_VERSIONS) {
                return done(Reply.send(unsupportedApiVersions(header)));
            }
            return done(Reply.close(header.apiKey() + " v" + version + " is not served (v" + handler.minVersion()
                    + "-" + handler.maxVersion() + " are)"));
        }
        AbstractRequest body;
        try {
            body = RequestFrames.body(header, frame);
        } catch (InvalidRequestException e) {
            return done(Reply.close(e.getMessage()));
        }
        return gated(new HandOff(handler, connection), new KafkaRequest(header, body, session));
    }

    private Dispatch gated(HandOff handler, KafkaRequest request) {
        long started = System.nanoTime();
        CompletionStage<ApiMessage> answer;
        try {
            answer = gate.handle(request, handler);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        } finally {
            handler.gateReturned();
        }
        CompletableFuture<Reply> reply = answer.handle((response, failure) -> reply(request, response, failure, started))
                .toCompletableFuture();
        // Refused (or failed) without reaching the handler: the request is settled all the same.
        CompletionStage<Void> handedOn = handler.handedOn().isDone() ? handler.handedOn()
                : CompletableFuture.anyOf(handler.handedOn(), reply).thenApply(x -> null);
        return new Dispatch(handedOn, reply);
    }

    private Reply reply(KafkaRequest request, ApiMessage response, Throwable failure, long started) {
        ApiMessage body = failure == null ? response : errorResponse(request, failure);
        Reply reply = encode(request, body);
        if (observer != RequestObserver.NONE) {
            observe(request, body, reply, started);
        }
        return reply;
    }

    private void observe(KafkaRequest request, ApiMessage body, Reply reply, long started) {
        long nanos = System.nanoTime() - started;
        Map<Errors, Integer> errors;
        try {
            errors = ResponseErrors.of(request.header(), body, reply instanceof Reply.Send send ? send.frame() : null);
        } catch (RuntimeException e) {
            LOG.debugf(e, "cannot count the errors of a %s answer", request.header().apiKey());
            errors = Map.of();
        }
        observer.served(request.header().apiKey(), nanos, errors);
    }

    private static ApiMessage errorResponse(KafkaRequest request, Throwable failure) {
        RequestHeader header = request.header();
        Errors error = KafkaErrors.of(failure);
        if (error == Errors.UNKNOWN_SERVER_ERROR) {
            LOG.warnf(failure, "%s v%d (correlation id %d, client %s) failed", header.apiKey(), header.apiVersion(),
                    header.correlationId(), header.clientId());
        }
        return request.body().getErrorResponse(0, KafkaErrors.asApiException(failure)).data();
    }

    private static Reply encode(KafkaRequest request, ApiMessage body) {
        RequestHeader header = request.header();
        if (request.body() instanceof ProduceRequest produce && produce.acks() == 0) {
            return silentProduce((ProduceResponseData) body);
        }
        if (body instanceof FetchResponseData fetch && holdsFiles(fetch)) {
            return encodeWithFiles(header, fetch);
        }
        try {
            ByteBuffer frame = ResponseFrames.encode(header, header.apiVersion(), body);
            Errors saslError = saslError(body);
            if (saslError != Errors.NONE) {
                return Reply.sendThenClose(frame, header.apiKey() + " answered " + saslError);
            }
            return Reply.send(frame);
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot write the %s v%d response (correlation id %d)", header.apiKey(), header.apiVersion(),
                    header.correlationId());
            return Reply.close("the " + header.apiKey() + " response could not be written: " + e.getMessage());
        }
    }

    private static boolean holdsFiles(FetchResponseData fetch) {
        for (FetchResponseData.FetchableTopicResponse topic : fetch.responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                if (partition.records() instanceof FileBatches) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A Fetch answer whose records stay in their files: the frame in pieces; the files released if it cannot be. */
    private static Reply encodeWithFiles(RequestHeader header, FetchResponseData fetch) {
        try {
            return new Reply.SendParts(ResponseFrames.encodeParts(header, header.apiVersion(), fetch));
        } catch (RuntimeException e) {
            FileBatches.releaseIn(fetch);
            LOG.errorf(e, "cannot write the %s v%d response (correlation id %d)", header.apiKey(), header.apiVersion(),
                    header.correlationId());
            return Reply.close("the " + header.apiKey() + " response could not be written: " + e.getMessage());
        }
    }

    /** The error of a SASL answer (NONE for any other answer). */
    private static Errors saslError(ApiMessage body) {
        if (body instanceof SaslHandshakeResponseData handshake) {
            return Errors.forCode(handshake.errorCode());
        }
        if (body instanceof SaslAuthenticateResponseData authenticate) {
            return Errors.forCode(authenticate.errorCode());
        }
        return Errors.NONE;
    }

    private static Reply silentProduce(ProduceResponseData response) {
        for (ProduceResponseData.TopicProduceResponse topic : response.responses()) {
            for (ProduceResponseData.PartitionProduceResponse partition : topic.partitionResponses()) {
                if (partition.errorCode() != Errors.NONE.code()) {
                    return Reply.close("an acks=0 produce to " + topic.name() + "-" + partition.index() + " failed with "
                            + Errors.forCode(partition.errorCode()) + ": closing so the client notices");
                }
            }
        }
        return Reply.silent();
    }

    private ByteBuffer unsupportedApiVersions(RequestHeader header) {
        ApiVersionsResponseData data = new ApiVersionsResponseData()
                .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                .setApiKeys(advertised());
        return ResponseFrames.encode(header, (short) 0, data);
    }

    private static boolean servedBeforeAuthentication(ApiKeys key) {
        return key == ApiKeys.API_VERSIONS || key == ApiKeys.SASL_HANDSHAKE || key == ApiKeys.SASL_AUTHENTICATE;
    }

    private static Dispatch done(Reply reply) {
        return Dispatch.answered(CompletableFuture.completedFuture(reply));
    }
}
