package io.strata.gateway.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.strata.api.acl.AclAuthorizer;
import io.strata.api.error.GrpcErrors;
import io.strata.api.scram.BasicAuthorization;
import io.strata.gateway.acl.GatewayAcls;
import io.strata.gateway.auth.ClientAuthenticator;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * With {@code strata.gateway.auth.enabled}, every gRPC call to the gateway must carry the metadata
 * {@code authorization: Basic base64(user:password)} of a known user (what the Java client sends
 * with {@code security.username}/{@code security.password}); otherwise it is closed with
 * UNAUTHENTICATED and the error code AUTHENTICATION_FAILED, naming what was wrong, before the
 * service sees a message. With {@code strata.gateway.acl.enabled}, the call then passes
 * {@link GrpcAuthorization} as that user (or User:ANONYMOUS without authentication).
 *
 * <p>A password checked recently, with ACLs read already, is let through at once. Otherwise the
 * check is asynchronous (keys and ACLs from the metadata service, derivation on a worker), so the
 * call is started only when it is done, back on the call's Vert.x context; messages that arrive
 * meanwhile wait in a {@link DeferredListener}, in order. A failure of either read refuses the
 * call with its error (fail closed). Stateless.
 */
@GlobalInterceptor
@ApplicationScoped
public class GrpcAuthentication implements ServerInterceptor {


    @Inject
    ClientAuthenticator authenticator;
    @Inject
    GatewayAcls acls;

    /** Who the call is from (null: not authenticated) and the ACL decision (null: ACLs off). */
    private record Admission(String user, AclAuthorizer authorizer) {
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (!authenticator.enabled() && !acls.enabled()) {
            return next.startCall(call, headers);
        }
        CompletionStage<String> user = authenticator.enabled() ? authenticator.authenticate(headers.get(BasicAuthorization.GRPC_KEY))
                : CompletableFuture.completedFuture(null);
        CompletableFuture<Admission> outcome = user.thenCompose(name -> acls.enabled()
                ? acls.authorizer().thenApply(authorizer -> new Admission(name, authorizer))
                : CompletableFuture.completedFuture(new Admission(name, null))).toCompletableFuture();
        if (outcome.isDone() && !outcome.isCompletedExceptionally()) {
            return start(outcome.join(), call, headers, next);
        }
        DeferredListener<Q> deferred = new DeferredListener<>();
        Context context = Vertx.currentContext();
        outcome.whenComplete((admission, failure) -> {
            Runnable resume = () -> {
                if (failure != null) {
                    var status = GrpcErrors.toStatus(failure);
                    call.close(status.getStatus(), status.getTrailers());
                    deferred.refused();
                } else {
                    deferred.start(start(admission, call, headers, next));
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

    private static <Q, A> ServerCall.Listener<Q> start(Admission admission, ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        return GrpcAuthorization.start(admission.authorizer(), GatewayAcls.principal(admission.user()), call, headers, next);
    }
}
