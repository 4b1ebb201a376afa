package io.strata.api.identity;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The client side of service identity: adds this service's {@link ClusterCredential} header to
 * every call of the channel it is installed on ({@code ManagedChannelBuilder.intercept}). Without
 * a cluster secret it adds nothing (an open cluster).
 *
 * <p>The header is made once and reused until a quarter of the max age has passed, so a call
 * costs no HMAC; the receiver accepts it for the whole max age. Thread-safe: the cached header
 * is one immutable value behind a volatile field (a race makes it twice, harmlessly).
 */
public final class CallCredential implements ClientInterceptor {

    private final Optional<ClusterCredential> credential;
    private final Caller caller;
    private final LongSupplier clockMs;
    private volatile Signed signed;

    CallCredential(Optional<ClusterCredential> credential, Caller caller, LongSupplier clockMs) {
        this.credential = credential;
        this.caller = caller;
        this.clockMs = clockMs;
    }

    /** The interceptor of a service acting as {@code caller} under {@code config}. */
    public static CallCredential of(SecurityConfig config, Caller caller) {
        return new CallCredential(ClusterCredential.of(config), caller, System::currentTimeMillis);
    }

    /** The interceptor of {@code caller} signing with {@code credential} (a client outside a service, e.g. a test). */
    public static CallCredential of(ClusterCredential credential, Caller caller) {
        return new CallCredential(Optional.of(credential), caller, System::currentTimeMillis);
    }

    /** Whether calls carry a credential (a cluster secret is set). */
    public boolean enabled() {
        return credential.isPresent();
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        ClientCall<Q, R> call = next.newCall(method, options);
        if (credential.isEmpty()) {
            return call;
        }
        String header = header();
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                headers.put(ClusterCredential.KEY, header);
                super.start(listener, headers);
            }
        };
    }

    String header() {
        long now = clockMs.getAsLong();
        Signed current = signed;
        if (current == null || now - current.issuedAtMs() > credential.get().maxAgeMs() / 4 || now < current.issuedAtMs()) {
            current = new Signed(now, credential.get().sign(caller, now));
            signed = current;
        }
        return current.header();
    }

    private record Signed(long issuedAtMs, String header) {
    }
}
