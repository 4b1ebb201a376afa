package io.strata.adminui.group;

import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.OffsetLagReport;
import io.strata.adminui.gateway.RecordReport;
import io.strata.adminui.problem.ConsoleProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Lag in time for a group's page: for each partition with lag, the record at the committed offset
 * (the oldest one not consumed) is read through the gateway and its timestamp compared with now.
 * The gateway's REST API has no such figure, so this costs one one-record read per lagging
 * partition, at most {@code lag-age-max-partitions} per page (the rest show "not read"). A
 * committed offset below the log start (its records removed by retention) shows as such. Timestamps
 * are the records' own (producer create time), so a producer's clock skew shows through; an age
 * is never negative.
 *
 * <p>Thread-safe: stateless apart from the injected client.
 */
@ApplicationScoped
public class LagAges {

    private final GatewayClient gateway;
    private final AdminUiConfig config;
    private final Clock clock;

    @Inject
    public LagAges(GatewayClient gateway, AdminUiConfig config) {
        this(gateway, config, Clock.systemUTC());
    }

    LagAges(GatewayClient gateway, AdminUiConfig config, Clock clock) {
        this.gateway = gateway;
        this.config = config;
        this.clock = clock;
    }

    public List<OffsetRow> of(List<OffsetLagReport> offsets) {
        List<OffsetRow> rows = new ArrayList<>(offsets.size());
        int reads = 0;
        for (OffsetLagReport offset : offsets) {
            if (offset.lag() == 0) {
                rows.add(OffsetRow.of(offset, 0, OffsetRow.CAUGHT_UP));
            } else if (offset.lag() < 0) {
                rows.add(OffsetRow.of(offset, -1, "unknown"));
            } else if (reads++ >= config.lagAgeMaxPartitions()) {
                rows.add(OffsetRow.of(offset, -1, "not read (lag-age-max-partitions)"));
            } else {
                rows.add(age(offset));
            }
        }
        return rows;
    }

    private OffsetRow age(OffsetLagReport offset) {
        try {
            List<RecordReport> oldest = gateway.records(offset.topic(), offset.partition(), offset.committedOffset(), 1);
            if (oldest.isEmpty()) {
                return OffsetRow.of(offset, -1, "unknown");
            }
            long ageMs = Math.max(0, clock.millis() - oldest.get(0).timestamp());
            return OffsetRow.of(offset, ageMs, OffsetRow.readable(ageMs));
        } catch (ConsoleProblem problem) {
            String why = "OFFSET_OUT_OF_RANGE".equals(problem.errorCode()) ? "before the log start (removed by retention)" : "unknown";
            return OffsetRow.of(offset, -1, why);
        }
    }
}
