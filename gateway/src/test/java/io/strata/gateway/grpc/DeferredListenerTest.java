package io.strata.gateway.grpc;

import io.grpc.ServerCall;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeferredListenerTest {

    private final List<String> seen = new ArrayList<>();
    private final ServerCall.Listener<String> real = new ServerCall.Listener<>() {
        @Override
        public void onMessage(String message) {
            seen.add("message " + message);
        }

        @Override
        public void onHalfClose() {
            seen.add("half-close");
        }

        @Override
        public void onReady() {
            seen.add("ready");
        }
    };

    @Test
    void replaysWhatCameBeforeTheStartInOrderThenPassesThrough() {
        DeferredListener<String> deferred = new DeferredListener<>();
        deferred.onReady();
        deferred.onMessage("a");
        deferred.onHalfClose();
        assertThat(seen).isEmpty();
        deferred.start(real);
        assertThat(seen).containsExactly("ready", "message a", "half-close");
        deferred.onMessage("b");
        assertThat(seen).containsExactly("ready", "message a", "half-close", "message b");
    }

    @Test
    void aRefusedCallDeliversNothing() {
        DeferredListener<String> deferred = new DeferredListener<>();
        deferred.onMessage("a");
        deferred.refused();
        deferred.onHalfClose();
        assertThat(seen).isEmpty();
    }
}
