package io.strata.adminui.group;

import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GroupReport;
import io.strata.adminui.gateway.OffsetLagReport;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The catch-up estimate from two observations, and the remembered observations between page views. */
class CatchUpTest {

    @Test
    void theTimeIsTheLagOverTheNetConsumeRateOrSaysWhyThereIsNone() {
        CatchUp.Sample then = new CatchUp.Sample(0, 1_000, 5_000);
        CatchUp fast = CatchUp.estimate(then, new CatchUp.Sample(10_000, 2_000, 5_500), 3_500);
        assertThat(fast.consumePerSecond()).isEqualTo(100.0);
        assertThat(fast.producePerSecond()).isEqualTo(50.0);
        assertThat(fast.text()).isEqualTo("≈ 1 min 10 s");   // 3,500 records at a net 50/s
        assertThat(fast.basis()).isEqualTo("consuming 100.0/s, producing 50.0/s over the last 10 s");

        assertThat(CatchUp.estimate(then, new CatchUp.Sample(10_000, 1_100, 6_000), 4_900).text()).isEqualTo("not catching up");
        assertThat(CatchUp.estimate(null, then, 4_000).text()).isEqualTo("—");
        assertThat(CatchUp.estimate(null, then, 4_000).known()).isFalse();
        assertThat(CatchUp.estimate(then, then, 4_000).text()).as("no time between them").isEqualTo("—");
        assertThat(CatchUp.estimate(then, new CatchUp.Sample(10_000, 500, 5_000), 4_500).text()).as("a reset went back").isEqualTo("—");
        assertThat(CatchUp.estimate(then, new CatchUp.Sample(10_000, 5_000, 5_000), 0).text()).isEqualTo("caught up");
    }

    @Test
    void viewsCloserThanTheMinimumSpanGiveNoRateAndAResetStartsOver() {
        ConsumeRates rates = new ConsumeRates(config(Duration.ofMinutes(10), Duration.ofSeconds(5), 2));
        assertThat(rates.observe(group("g", 100, 1_000), 0).text()).isEqualTo("—");
        assertThat(rates.observe(group("g", 150, 1_000), 2_000).text()).as("only 2 s apart").isEqualTo("—");
        assertThat(rates.observe(group("g", 600, 1_000), 10_000).text()).as("500 records in 10 s, 400 to go").isEqualTo("≈ 8 s");
        assertThat(rates.observe(group("g", 0, 1_000), 20_000).text()).as("reset to earliest: rates start over").isEqualTo("—");

        rates.observe(group("h", 0, 10), 0);
        rates.observe(group("i", 0, 10), 0);   // a third group: g, the least recently seen, is forgotten
        assertThat(rates.observe(group("g", 100, 1_000), 30_000).text()).isEqualTo("—");
    }

    private static GroupReport group(String id, long committed, long logEnd) {
        return new GroupReport(id, "EMPTY", 1, List.of(), List.of(new OffsetLagReport("t", 0, committed, logEnd, logEnd - committed, null, null)));
    }

    private static AdminUiConfig config(Duration window, Duration minSpan, int maxGroups) {
        return (AdminUiConfig) Proxy.newProxyInstance(AdminUiConfig.class.getClassLoader(), new Class<?>[] {AdminUiConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "catchUpWindow" -> window;
                    case "catchUpMinSpan" -> minSpan;
                    case "catchUpMaxGroups" -> maxGroups;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
