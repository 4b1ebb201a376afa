package io.strata.metadata.watch;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.MetadataSnapshot;
import io.strata.api.v1.TopicDescription;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.strata.metadata.LiveNodes;
import io.strata.metadata.MetadataServiceTestBase;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where {@link SnapshotCache} answers: a snapshot moved forward by changes is built off the event
 * loop but handed back on the caller's own Vert.x context, as a gRPC answer must be written.
 */
@QuarkusTest
class SnapshotCacheTest extends MetadataServiceTestBase {

    @Inject
    SnapshotCache snapshots;
    @Inject
    Vertx vertx;

    private record Answer(MetadataSnapshot snapshot, boolean onCallersContext, String thread) {
    }

    private Answer currentFrom(Context context) throws Exception {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        context.runOnContext(ignored -> snapshots.current().subscribe().with(
                snapshot -> answer.complete(new Answer(snapshot, Vertx.currentContext() == context, Thread.currentThread().getName())),
                answer::completeExceptionally));
        return answer.get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aSnapshotMovedForwardComesBackOnTheCallersEventLoop() throws Exception {
        // a duplicated context marked safe, as Quarkus gives each gRPC call (Hibernate Reactive requires one)
        Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        currentFrom(context); // fills the cache
        String name = uniqueTopic("cache-thread");
        try (LiveNodes nodes = LiveNodes.start(metadata, 1)) {
            metadata.createTopic(CreateTopicRequest.newBuilder().setName(name).setPartitions(1).setReplicationFactor(1).build());
        }

        Answer answer = currentFrom(context);

        assertThat(answer.snapshot().getTopicsList()).extracting(TopicDescription::getName).contains(name);
        assertThat(answer.onCallersContext()).as("answered on " + answer.thread()).isTrue();
        assertThat(answer.thread()).startsWith("vert.x-eventloop");
    }
}
