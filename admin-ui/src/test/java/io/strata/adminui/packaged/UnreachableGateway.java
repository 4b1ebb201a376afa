package io.strata.adminui.packaged;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.strata.deploy.launcher.FreePorts;

import java.util.Map;

/**
 * Points the console at a gateway that is not there (a free port nobody listens on): what a
 * packaged console must survive and show its user, started alone; also a free HTTP port.
 */
public class UnreachableGateway implements QuarkusTestResourceLifecycleManager {

    /** The absent gateway's URL, for the test's assertions (resources run in the test's JVM). */
    static volatile String gateway;

    @Override
    public Map<String, String> start() {
        gateway = "http://127.0.0.1:" + FreePorts.next();
        return Map.of("strata.admin-ui.gateway", gateway,
                "quarkus.http.test-port", Integer.toString(FreePorts.next()));
    }

    @Override
    public void stop() {
    }
}
