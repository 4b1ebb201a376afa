package io.strata.bench.chaos;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy forwards both ways, stops every byte while cut (without closing), and delivers the held bytes at heal. */
class FaultProxyTest {

    private ServerSocket echo;
    private FaultProxy proxy;

    @AfterEach
    void close() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    private void startEcho() throws IOException {
        echo = new ServerSocket(0);
        CompletableFuture.runAsync(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket socket = echo.accept();
                    CompletableFuture.runAsync(() -> {
                        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // the test closed it
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        proxy = new FaultProxy("test", 0, new InetSocketAddress("127.0.0.1", echo.getLocalPort()));
    }

    @Test
    void bytesFlowBothWaysStopWhileCutAndArriveAfterHeal() throws IOException {
        startEcho();
        try (Socket client = new Socket("127.0.0.1", proxy.port())) {
            client.setSoTimeout(2_000);
            client.getOutputStream().write("ping".getBytes());
            assertThat(client.getInputStream().readNBytes(4)).isEqualTo("ping".getBytes());

            proxy.cut();
            client.setSoTimeout(1_000);
            client.getOutputStream().write("held".getBytes());
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            proxy.heal();
            client.setSoTimeout(5_000);
            assertThat(client.getInputStream().readNBytes(4)).isEqualTo("held".getBytes());
        }
    }

    @Test
    void aConnectionOpenedDuringACutIsConnectedOnwardAtHeal() throws IOException {
        startEcho();
        proxy.cut();
        try (Socket client = new Socket("127.0.0.1", proxy.port())) {
            client.setSoTimeout(1_000);
            client.getOutputStream().write("late".getBytes());
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.heal();
            client.setSoTimeout(5_000);
            assertThat(client.getInputStream().readNBytes(4)).isEqualTo("late".getBytes());
        }
    }
}
