package io.strata.gateway.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.strata.api.error.GrpcErrors;
import io.strata.api.scram.BasicAuthorization;
import io.strata.gateway.auth.ClientAuthenticator;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.CompletableFuture;

/**
 * With {@code strata.gateway.auth.enabled}, every gRPC call to the gateway must carry the metadata
 * {@code authorization: Basic base64(user:password)} of a known user (what the Java client sends
 * with {@code security.username}/{@code security.password}); otherwise it is closed with
 * UNAUTHENTICATED and the error code AUTHENTICATION_FAILED, naming what was wrong, before the
 * service sees a message.
 *
 * <p>A password checked recently is let through at once. Otherwise the check is asynchronous (keys
 * from the metadata service, derivation on a worker), so the call is started only when it is done,
 * back on the call's Vert.x context; messages that arrive meanwhile wait in a
 * {@link DeferredListener}, in order. Stateless.
 */
@GlobalInterceptor
@ApplicationScoped
public class GrpcAuthentication implements ServerInterceptor {


    @Inject
    ClientAuthenticator authenticator;

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (!authenticator.enabled()) {
            return next.startCall(call, headers);
        }
        CompletableFuture<String> outcome = authenticator.authenticate(headers.get(BasicAuthorization.GRPC_KEY)).toCompletableFuture();
        if (outcome.isDone() && !outcome.isCompletedExceptionally()) {
            return next.startCall(call, headers);
        }
        DeferredListener<Q> deferred = new DeferredListener<>();
        Context context = Vertx.currentContext();
        outcome.whenComplete((user, failure) -> {
            Runnable resume = () -> {
                if (failure != null) {
                    var status = GrpcErrors.toStatus(failure);
                    call.close(status.getStatus(), status.getTrailers());
                    deferred.refused();
                } else {
                    deferred.start(next.startCall(call, headers));
                }
            };
            if (context == null) {
                resume.run();
            } else {
                context.runOnContext(ignored -> resume.run());
            }
        });
        return deferred;
    }
}
