package io.strata.api.identity;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.strata.api.error.GrpcErrors;
import io.strata.api.v1.ErrorCode;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The server side of service identity: every call of an internal service ({@link RpcPolicy#isInternal})
 * must carry a valid {@link ClusterCredential} (else UNAUTHENTICATED) of a role allowed that RPC
 * (else PERMISSION_DENIED); the proven {@link Caller} is then in the gRPC {@link Context} for the
 * service's own state checks ({@link #caller()}). Calls of other services pass untouched. Without
 * a cluster secret everything passes and a warning at start says the cluster is open.
 *
 * <p>Each service registers one subclass as a {@code @GlobalInterceptor} bean. Refusals are
 * logged at debug level only: a stranger probing a port must not fill the log.
 *
 * <p>Thread-safety: immutable; safe on any event loop (an HMAC check, no blocking).
 */
public abstract class ClusterAuthInterceptor implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(ClusterAuthInterceptor.class);
    private static final Context.Key<Caller> CALLER = Context.key("strata-caller");

    private final Optional<ClusterCredential> credential;
    private final LongSupplier clockMs;

    protected ClusterAuthInterceptor(SecurityConfig config, String service) {
        this(ClusterCredential.of(config), service, System::currentTimeMillis);
    }

    ClusterAuthInterceptor(Optional<ClusterCredential> credential, String service, LongSupplier clockMs) {
        this.credential = credential;
        this.clockMs = clockMs;
        if (credential.isEmpty()) {
            LOG.warnf("%s: no strata.security.cluster-secret (STRATA_SECURITY_CLUSTER_SECRET): internal RPCs are"
                    + " open to anyone who can reach this port", service);
        } else {
            LOG.infof("%s: internal RPCs need the cluster credential (role checked per RPC)", service);
        }
    }

    /** The authenticated caller of the current internal call; empty in an open cluster. */
    public static Optional<Caller> caller() {
        return Optional.ofNullable(CALLER.get());
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (credential.isEmpty() || !RpcPolicy.isInternal(method)) {
            return next.startCall(call, headers);
        }
        Caller caller;
        try {
            caller = credential.get().verify(headers.get(ClusterCredential.KEY), clockMs.getAsLong());
        } catch (ClusterCredential.Refused refused) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription(method + ": " + refused.getMessage()));
        }
        Optional<String> refusal = RpcPolicy.refusal(method, caller);
        if (refusal.isPresent()) {
            return refuse(call, Status.PERMISSION_DENIED.withDescription(refusal.get()));
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        LOG.debugf("refused: %s", status);
        Metadata trailers = new Metadata();
        if (status.getCode() == Status.Code.PERMISSION_DENIED) {
            trailers.put(GrpcErrors.ERROR_CODE_KEY, ErrorCode.CLUSTER_AUTHORIZATION_FAILED.name());
        }
        call.close(status, trailers);
        return new ServerCall.Listener<>() {
        };
    }
}
