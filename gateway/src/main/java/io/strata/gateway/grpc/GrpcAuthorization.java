package io.strata.gateway.grpc;

import com.google.protobuf.Message;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.strata.api.acl.AclAuthorizer;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.DescribeTopicsResponse;
import io.strata.api.v1.ListGroupsResponse;
import io.strata.gateway.acl.GatewayAclNeeds;
import io.strata.gateway.acl.GatewayAcls;
import io.strata.gateway.acl.Visibility;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ACL decision on one gRPC call, once its caller is known (see {@link GrpcAuthentication}):
 * every request message is checked against its method's needs in {@link GatewayAclNeeds} before
 * the service sees it; a refused message closes the call with PERMISSION_DENIED and
 * TOPIC_/GROUP_/CLUSTER_AUTHORIZATION_FAILED naming principal, operation and resource (the text
 * of the REST refusal), and the service never gets it (a stream's earlier, allowed messages were
 * served). A method the table does not know is closed at once for all but super users. The answers
 * of DescribeTopics and ListGroups are filtered to what the caller may DESCRIBE.
 *
 * <p>Stateless; the per-call state (closed once) lives in the call's wrappers.
 */
final class GrpcAuthorization {

    private GrpcAuthorization() {
    }

    /** Starts the call as {@code principal}, decided by {@code authorizer} (null: ACLs off). */
    static <Q, A> ServerCall.Listener<Q> start(AclAuthorizer authorizer, String principal, ServerCall<Q, A> call,
                                               Metadata headers, ServerCallHandler<Q, A> next) {
        if (authorizer == null || authorizer.isSuperUser(principal)) {
            return next.startCall(call, headers);
        }
        String method = call.getMethodDescriptor().getFullMethodName();
        String host = host(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        if (!GatewayAclNeeds.knows(method)) {
            close(call, GatewayAcls.refusal(authorizer, principal, host, method, Optional.empty()).orElseThrow());
            return new ServerCall.Listener<>() {
            };
        }
        OnceClosedCall<Q, A> guarded = new OnceClosedCall<>(call, GatewayAcls.visibility(authorizer, principal, host));
        ServerCall.Listener<Q> delegate = next.startCall(guarded, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                if (refused) {
                    return;
                }
                Optional<StrataException> refusal = GatewayAcls.refusal(authorizer, principal, host, method,
                        GatewayAclNeeds.grpc(method, (Message) message));
                if (refusal.isPresent()) {
                    refused = true;
                    close(guarded, refusal.get());
                    delegate.onCancel();
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onCancel() {
                if (!refused) {
                    super.onCancel();
                }
            }

            @Override
            public void onComplete() {
                if (!refused) {
                    super.onComplete();
                }
            }

            @Override
            public void onReady() {
                if (!refused) {
                    super.onReady();
                }
            }
        };
    }

    private static void close(ServerCall<?, ?> call, StrataException refusal) {
        var status = GrpcErrors.toStatus(refusal);
        call.close(status.getStatus(), status.getTrailers());
    }

    private static String host(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : "*";
    }

    /** The call as the service sees it: closed at most once (a refusal may close it first), list answers filtered. */
    private static final class OnceClosedCall<Q, A> extends ForwardingServerCall.SimpleForwardingServerCall<Q, A> {
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Visibility visibility;

        OnceClosedCall(ServerCall<Q, A> call, Visibility visibility) {
            super(call);
            this.visibility = visibility;
        }

        @Override
        public void sendMessage(A message) {
            if (!closed.get()) {
                super.sendMessage(filtered(message));
            }
        }

        @Override
        public void close(io.grpc.Status status, Metadata trailers) {
            if (closed.compareAndSet(false, true)) {
                super.close(status, trailers);
            }
        }

        @SuppressWarnings("unchecked")
        private A filtered(A message) {
            if (message instanceof DescribeTopicsResponse topics) {
                return (A) topics.toBuilder().clearTopics()
                        .addAllTopics(topics.getTopicsList().stream().filter(t -> visibility.topics().test(t.getName())).toList()).build();
            }
            if (message instanceof ListGroupsResponse groups) {
                return (A) groups.toBuilder().clearGroups()
                        .addAllGroups(groups.getGroupsList().stream().filter(g -> visibility.groups().test(g.getGroupId())).toList()).build();
            }
            return message;
        }
    }
}
