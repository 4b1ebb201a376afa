package io.strata.api.zerocopy;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.quarkus.arc.Arc;
import io.quarkus.grpc.runtime.ServerInterceptorStorage;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.common.impl.BridgeMessageDecoder;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import jakarta.enterprise.inject.Any;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Serves chosen unary gRPC methods of this service's {@code @GrpcService} beans with a
 * {@link BytesFieldEncoder}, on a Vert.x route placed before Quarkus's gRPC route on the same
 * port, so that their answers are written without the copies of Vert.x's service bridge.
 *
 * <p>Quarkus 3.33 serves gRPC on the HTTP port through Vert.x gRPC's {@code GrpcServiceBridge},
 * whose encoder cannot be replaced (neither the marshaller nor a server option reaches it). This
 * class makes the same call through the same handler chain: the service definition from the bean's
 * {@code bindService()}, wrapped in the global interceptors Quarkus registered (cluster
 * authentication, the exception mapper, metrics, request context) in Quarkus's order. What it
 * leaves out is Quarkus's blocking dispatch ({@code @Blocking}): a method served here must move
 * its own blocking work off the event loop. Compression of answers is not offered (the internal
 * and client calls of Strata use none).
 *
 * <p>Thread-safety: {@link #install} runs once at start; the routes then serve on event loops.
 */
public final class DirectUnaryRoutes {

    /** Before Quarkus's gRPC route and its security handlers (-200 and later). */
    private static final int ROUTE_ORDER = -1000;
    private static final Logger LOG = Logger.getLogger(DirectUnaryRoutes.class);

    private final Router router;
    private final GrpcServer server;
    private final List<ServerInterceptor> interceptors;
    private final Iterable<BindableService> services;

    /**
     * @param maxMessageBytes the largest request accepted (quarkus.grpc.server.max-inbound-message-size)
     */
    private DirectUnaryRoutes(Router router, Vertx vertx, Iterable<BindableService> services, int maxMessageBytes) {
        this.router = router;
        this.server = GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(maxMessageBytes));
        this.interceptors = globalInterceptors();
        this.services = services;
    }

    /**
     * The routes of a service, or none when {@code enabled} (strata.grpc.direct-answers) is false:
     * then every method stays with Vert.x gRPC's bridge, as a baseline to compare with.
     */
    public static Optional<DirectUnaryRoutes> maybe(boolean enabled, Router router, Vertx vertx,
                                                    Iterable<BindableService> services, int maxMessageBytes) {
        if (!enabled) {
            LOG.info("strata.grpc.direct-answers=false: every gRPC answer goes through Vert.x gRPC's bridge (copied)");
            return Optional.empty();
        }
        return Optional.of(new DirectUnaryRoutes(router, vertx, services, maxMessageBytes));
    }

    /** Serves {@code fullMethodName} ("package.Service/Method") with {@code encoder}. */
    public <Q, R> DirectUnaryRoutes install(String fullMethodName, GrpcMessageEncoder<R> encoder) {
        ServerMethodDefinition<Q, R> method = find(fullMethodName);
        if (!method.getMethodDescriptor().getType().serverSendsOneMessage()
                || !method.getMethodDescriptor().getType().clientSendsOneMessage()) {
            throw new IllegalArgumentException(fullMethodName + " is not unary");
        }
        String service = method.getMethodDescriptor().getServiceName();
        ServiceMethod<Q, R> serviceMethod = ServiceMethod.server(ServiceName.create(service),
                method.getMethodDescriptor().getBareMethodName(), encoder,
                new BridgeMessageDecoder<>(method.getMethodDescriptor().getRequestMarshaller(), null));
        server.callHandler(serviceMethod, request -> new DirectServerCall<>(request, method, encoder).start());
        router.route(HttpMethod.POST, "/" + fullMethodName).order(ROUTE_ORDER).handler(this::handle);
        LOG.infof("%s answers written without copies (%s), behind %s", fullMethodName,
                encoder.getClass().getSimpleName(), interceptors.stream().map(i -> i.getClass().getSimpleName()).toList());
        return this;
    }

    /** As Quarkus's gRPC route: the routing context is a local of the Vert.x context while the call starts. */
    private void handle(RoutingContext context) {
        Context current = Vertx.currentContext();
        current.putLocal(RoutingContext.class.getName(), context);
        try {
            server.handle(context.request());
        } finally {
            current.removeLocal(RoutingContext.class.getName());
        }
    }

    @SuppressWarnings("unchecked")
    private <Q, R> ServerMethodDefinition<Q, R> find(String fullMethodName) {
        for (BindableService bean : services) {
            ServerServiceDefinition definition = bean.bindService();
            if (definition.getMethod(fullMethodName) != null) {
                return (ServerMethodDefinition<Q, R>) ServerInterceptors.intercept(definition, interceptors)
                        .getMethod(fullMethodName);
            }
        }
        throw new IllegalArgumentException("no @GrpcService of this application serves " + fullMethodName);
    }

    /** Quarkus's global server interceptors, ordered as Quarkus orders them (lowest priority outermost). */
    private static List<ServerInterceptor> globalInterceptors() {
        ServerInterceptorStorage storage = Arc.container().instance(ServerInterceptorStorage.class).get();
        List<ServerInterceptor> found = new ArrayList<>();
        for (Class<?> type : storage.getGlobalInterceptors()) {
            found.add((ServerInterceptor) Arc.container().instance(type, Any.Literal.INSTANCE).get());
        }
        found.sort((a, b) -> Integer.compare(priority(a), priority(b)));
        return found;
    }

    private static int priority(Object interceptor) {
        return interceptor instanceof jakarta.enterprise.inject.spi.Prioritized p ? p.getPriority() : 0;
    }
}
