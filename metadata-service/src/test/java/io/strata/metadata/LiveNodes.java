package io.strata.metadata;

import io.strata.api.v1.HeartbeatRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.RegisterNodeRequest;
import io.strata.api.v1.RegisterNodeResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registers test nodes and heartbeats them until closed, so they stay UP under the test profile's
 * short lease. Node ids come from a per-JVM counter started at a random base, so runs that share a
 * data directory do not collide.
 */
public final class LiveNodes implements AutoCloseable {

    private static final AtomicInteger NEXT_ID = new AtomicInteger(10_000 + (int) (Math.random() * 1_000_000) * 10);

    private final Map<Integer, Long> epochs = new LinkedHashMap<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

    public LiveNodes(MetadataServiceGrpc.MetadataServiceBlockingStub stub, String... racks) {
        for (String rack : racks) {
            int id = NEXT_ID.getAndIncrement();
            RegisterNodeResponse registered = stub.registerNode(RegisterNodeRequest.newBuilder()
                    .setNodeId(id).setAddress("127.0.0.1:" + (20_000 + id % 10_000)).setRack(rack == null ? "" : rack).build());
            epochs.put(id, registered.getNodeEpoch());
        }
        heartbeats.scheduleWithFixedDelay(() -> epochs.forEach((id, epoch) -> {
            try {
                stub.heartbeat(HeartbeatRequest.newBuilder().setNodeId(id).setNodeEpoch(epoch).build());
            } catch (RuntimeException e) {
                // the next beat retries; a test that needs the node checks its state itself
            }
        }), 200, 200, TimeUnit.MILLISECONDS);
    }

    /** n nodes without racks. */
    public static LiveNodes start(MetadataServiceGrpc.MetadataServiceBlockingStub stub, int n) {
        return new LiveNodes(stub, new String[n]);
    }

    public List<Integer> ids() {
        return new ArrayList<>(epochs.keySet());
    }

    public long epoch(int id) {
        return epochs.get(id);
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
    }
}
