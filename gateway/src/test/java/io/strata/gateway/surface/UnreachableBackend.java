package io.strata.gateway.surface;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.strata.deploy.launcher.FreePorts;

import java.util.Map;

/**
 * Points the gateway at a metadata service and a coordinator that are not there (free ports
 * nobody listens on): what a packaged gateway must survive and report, started alone.
 */
public class UnreachableBackend implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("strata.gateway.metadata-url", "http://127.0.0.1:" + FreePorts.next(),
                "strata.gateway.coordinator-url", "http://127.0.0.1:" + FreePorts.next(),
                "quarkus.http.test-port", Integer.toString(FreePorts.next()));
    }

    @Override
    public void stop() {
    }
}
