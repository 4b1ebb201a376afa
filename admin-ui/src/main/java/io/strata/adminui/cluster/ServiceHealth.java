package io.strata.adminui.cluster;

import java.util.List;

/**
 * One service's readiness as the cluster page shows it: its name, the URL asked
 * ({@code /q/health/ready}), {@code UP}, {@code DOWN} or {@code UNREACHABLE}, and the names of the
 * checks that are not up (with the reason where the service gives one). Immutable.
 */
public record ServiceHealth(String service, String url, String status, List<String> failing) {

    public ServiceHealth {
        failing = List.copyOf(failing);
    }

    public boolean up() {
        return "UP".equals(status);
    }
}
