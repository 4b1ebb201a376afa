package io.strata.metadata;

import io.grpc.Context;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.WatchMetadataRequest;
import io.strata.api.v1.WatchMetadataResponse;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A WatchMetadata stream read on a thread of its own into a list, with receive times; cancelled on close. */
public final class WatchRecorder implements AutoCloseable {

    public record Received(WatchMetadataResponse response, long nanos) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Context.CancellableContext context = Context.current().withCancellation();
    private final ExecutorService reader = Executors.newSingleThreadExecutor();

    public WatchRecorder(MetadataServiceGrpc.MetadataServiceBlockingStub stub, long fromVersion) {
        reader.submit(() -> context.run(() -> {
            try {
                Iterator<WatchMetadataResponse> stream = stub.watchMetadata(
                        WatchMetadataRequest.newBuilder().setFromVersion(fromVersion).build());
                while (stream.hasNext()) {
                    received.add(new Received(stream.next(), System.nanoTime()));
                }
            } catch (RuntimeException cancelled) {
                // the stream ends when the test closes it
            }
        }));
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public List<WatchMetadataResponse> responses() {
        return received.stream().map(Received::response).toList();
    }

    @Override
    public void close() {
        context.cancel(null);
        reader.shutdownNow();
    }
}
