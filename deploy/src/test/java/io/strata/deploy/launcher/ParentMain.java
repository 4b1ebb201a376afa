package io.strata.deploy.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts one {@link TestServiceMain} through the launcher, prints its pid and exits with
 * {@code System.exit} without stopping it: the launcher's shutdown hook must kill it.
 */
public final class ParentMain {

    public static void main(String[] args) throws Exception {
        int port = Integer.getInteger("test.child.port");
        ServiceSpec spec = ServiceSpec.builder("orphan-candidate", Path.of(System.getProperty("test.child.jar")))
                .systemProperty("test.http.port", Integer.toString(port))
                .logFile(Path.of(System.getProperty("test.child.log")))
                .healthUrl(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .build();
        ServiceProcess child = ServiceProcess.start(spec).awaitHealthy(Duration.ofSeconds(60));
        System.out.println("child pid " + child.pid());
        System.out.flush();
        System.exit(0);
    }
}
