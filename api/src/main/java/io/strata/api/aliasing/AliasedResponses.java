package io.strata.api.aliasing;

import com.google.protobuf.MessageLite;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

import java.util.HashMap;
import java.util.Map;

/**
 * A channel interceptor that has the answers of the given methods parsed by an
 * {@link AliasingMarshaller}, so that generated stubs (blocking, async, Mutiny) get them without
 * the second copy of their {@code bytes} fields. Other methods pass through untouched.
 *
 * <p>Whether it is installed is each process's switch: {@code strata.grpc.aliased-answers} in the
 * gateway, the {@code strata.client.aliased-answers} system property in the Java client (both
 * default true), so the copying parse can still be measured beside it.
 *
 * <p>Thread-safety: immutable after construction; any thread.
 */
public final class AliasedResponses implements ClientInterceptor {

    private final Map<String, MethodDescriptor<?, ?>> replaced = new HashMap<>();

    private AliasedResponses() {
    }

    /** Aliased parsing for the answers of {@code methods} (generated descriptors with protobuf marshallers). */
    @SafeVarargs
    public static AliasedResponses of(MethodDescriptor<?, ? extends MessageLite>... methods) {
        AliasedResponses interceptor = new AliasedResponses();
        for (MethodDescriptor<?, ? extends MessageLite> method : methods) {
            interceptor.replaced.put(method.getFullMethodName(), aliased(method));
        }
        return interceptor;
    }

    private static <Q, R extends MessageLite> MethodDescriptor<Q, R> aliased(MethodDescriptor<Q, R> method) {
        if (!(method.getResponseMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<R> original)) {
            throw new IllegalArgumentException(method.getFullMethodName() + " has no protobuf response marshaller");
        }
        return method.toBuilder().setResponseMarshaller(new AliasingMarshaller<>(original)).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        MethodDescriptor<?, ?> aliased = replaced.get(method.getFullMethodName());
        return next.newCall(aliased == null ? method : (MethodDescriptor<Q, R>) aliased, options);
    }
}
