package io.strata.kafka.testing;

import io.strata.api.v1.NodeState;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaApis;
import io.strata.kafka.fetch.FetchApis;
import io.strata.kafka.metadata.MetadataApis;
import io.strata.kafka.produce.ProduceApis;
import io.strata.kafka.wire.KafkaListener;
import io.vertx.core.Vertx;

import java.util.List;
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

    public ListenerFixture(int maxFrameBytes, int maxInFlight, List<KafkaApiHandler> extra) throws Exception {
        KafkaApis apis = KafkaApis.of(MetadataApis.handlers(controlPlane),
                ProduceApis.handlers(partitions, controlPlane),
                FetchApis.handlers(vertx, partitions, controlPlane),
                extra);
        port = listener.start(vertx, new KafkaListener.Settings("127.0.0.1", 0, maxFrameBytes, maxInFlight, false), apis)
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
