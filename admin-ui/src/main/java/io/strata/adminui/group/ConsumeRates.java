package io.strata.adminui.group;

import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GroupReport;
import io.strata.adminui.gateway.OffsetLagReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recent consume rate of each group, from what this console saw: every time a group page is
 * shown its totals (committed and log end offsets summed over its partitions) are remembered, and
 * the catch-up estimate ({@link CatchUp}) compares them with the oldest remembered ones within
 * {@code catch-up-window} that are at least {@code catch-up-min-span} old. The gateway reports no
 * rates, so this is the only way without a metrics store; until a page is seen twice the estimate is
 * "—". A group whose committed total goes down (an offset reset) starts over. At most
 * {@code catch-up-max-groups} groups are remembered (the least recently seen are forgotten),
 * {@value #MAX_SAMPLES} samples each.
 *
 * <p>Thread-safe: every access is synchronized on this bean (one short map update per page view).
 */
@ApplicationScoped
public class ConsumeRates {

    /** Samples remembered per group; older ones give way (the window bounds them too). */
    static final int MAX_SAMPLES = 64;

    private final AdminUiConfig config;
    private final Map<String, Deque<CatchUp.Sample>> samples;

    @Inject
    public ConsumeRates(AdminUiConfig config) {
        this.config = config;
        this.samples = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<CatchUp.Sample>> eldest) {
                return size() > config.catchUpMaxGroups();
            }
        };
    }

    /** Remembers the group's totals now and estimates its time to catch up. */
    public CatchUp observe(GroupReport group, long nowMs) {
        long committed = 0;
        long logEnd = 0;
        long lag = 0;
        for (OffsetLagReport o : group.offsets()) {
            if (o.lag() < 0) {
                return new CatchUp(CatchUp.UNKNOWN, Double.NaN, Double.NaN, 0);   // a partition's leader did not answer
            }
            committed += o.committedOffset();
            logEnd += o.logEndOffset();
            lag += o.lag();
        }
        CatchUp.Sample now = new CatchUp.Sample(nowMs, committed, logEnd);
        CatchUp.Sample base = remember(group.groupId(), now);
        return CatchUp.estimate(base, now, lag);
    }

    private synchronized CatchUp.Sample remember(String groupId, CatchUp.Sample now) {
        Deque<CatchUp.Sample> seen = samples.computeIfAbsent(groupId, g -> new ArrayDeque<>());
        if (!seen.isEmpty() && (seen.peekLast().committed() > now.committed() || seen.peekLast().logEnd() > now.logEnd())) {
            seen.clear();   // reset or recreated: the old totals say nothing about the rate now
        }
        long windowStart = now.atMs() - config.catchUpWindow().toMillis();
        while (!seen.isEmpty() && (seen.peekFirst().atMs() < windowStart || seen.size() >= MAX_SAMPLES)) {
            seen.pollFirst();
        }
        CatchUp.Sample base = null;
        for (CatchUp.Sample s : seen) {
            if (now.atMs() - s.atMs() >= config.catchUpMinSpan().toMillis()) {
                base = s;   // the oldest in the window that is old enough
                break;
            }
        }
        seen.addLast(now);
        return base;
    }
}
