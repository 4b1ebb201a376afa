package io.strata.deploy.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

    @Test
    void handsOutDistinctBindablePorts() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.next();
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            assertThat(port).as("below the ephemeral range, where no outgoing connection takes it")
                    .isBetween(FreePorts.LOWEST, FreePorts.ephemeralRangeStart() - 1);
        }
        int port = FreePorts.next();
        assertThat(FreePorts.isFree(port)).isTrue();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(FreePorts.isFree(port)).isFalse();
        }
    }
}
