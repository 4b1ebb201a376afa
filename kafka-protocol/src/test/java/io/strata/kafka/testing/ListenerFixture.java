package io.strata.kafka.testing;

import io.strata.api.v1.NodeState;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaApis;
import io.strata.kafka.api.RequestGate;
import io.strata.kafka.fetch.FetchApis;
import io.strata.kafka.metadata.MetadataApis;
import io.strata.kafka.produce.ProduceApis;
import io.strata.kafka.wire.KafkaListener;
import io.vertx.core.Vertx;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A listener on a free local port, serving this module's data-plane handlers (plus any extra ones)
 * against {@link FakeControlPlane} and {@link FakePartitions}, with node 0 registered at the
 * listener's address.
 */
public final class ListenerFixture implements AutoCloseable {

    public final Vertx vertx = Vertx.vertx();
    public final FakeControlPlane controlPlane = new FakeControlPlane(0);
    public final FakePartitions partitions = new FakePartitions(controlPlane);
    public final KafkaListener listener = new KafkaListener();
    public final int port;
    /** The versions clients used, per API (this module's handlers only). */
    public final Map<ApiKeys, Set<Short>> versionsUsed = new ConcurrentHashMap<>();

    public ListenerFixture(int maxFrameBytes, int maxInFlight, List<KafkaApiHandler> extra) throws Exception {
        this(maxFrameBytes, maxInFlight, extra, RequestGate.OPEN);
    }

    /** Every request passing {@code gate} on its way to its handler. */
    public ListenerFixture(int maxFrameBytes, int maxInFlight, List<KafkaApiHandler> extra, RequestGate gate) throws Exception {
        List<KafkaApiHandler> handlers = new ArrayList<>();
        handlers.addAll(MetadataApis.handlers(controlPlane));
        handlers.addAll(ProduceApis.handlers(partitions, controlPlane));
        handlers.addAll(FetchApis.handlers(vertx, partitions, controlPlane));
        KafkaApis apis = KafkaApis.of(handlers.stream().map(h -> (KafkaApiHandler) new RecordingHandler(h, versionsUsed)).toList(),
                extra).gatedBy(gate);
        port = listener.start(vertx, new KafkaListener.Settings("127.0.0.1", 0, maxFrameBytes, maxInFlight, false, 4), apis)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        controlPlane.node(0, "127.0.0.1:" + port, NodeState.NODE_STATE_UP, "");
    }

    public ListenerFixture() throws Exception {
        this(KafkaListener.DEFAULT_MAX_FRAME_BYTES, KafkaListener.DEFAULT_MAX_IN_FLIGHT, List.of());
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        listener.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
