package io.strata.kafka.quota;

import io.strata.api.quota.ClientQuotas;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link RateMeter}s of one node, one per quota meter key ({@link ClientQuotas.MeterKey}: key,
 * user, client id as the matched quota level groups them).
 *
 * <p>Bound: at most {@code maxMeters}. When a new key would pass it, meters with nothing left in
 * their window are dropped first (lossless: such a meter reads as a new one); if every meter is
 * still busy, the new key is not metered (its client is not throttled) and a warning is logged
 * once. Thread-safe (a concurrent map of thread-safe meters).
 */
public final class QuotaMeters {

    private static final Logger LOG = Logger.getLogger(QuotaMeters.class);

    private final int samples;
    private final long sampleMs;
    private final int maxMeters;
    private final Map<ClientQuotas.MeterKey, RateMeter> meters = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedFull = new AtomicBoolean();

    public QuotaMeters(int samples, long sampleMs, int maxMeters) {
        new RateMeter(samples, sampleMs); // refuses a window out of bounds, naming it, before any client comes
        if (maxMeters < 1) {
            throw new IllegalArgumentException("max meters: must be at least 1, not " + maxMeters);
        }
        this.samples = samples;
        this.sampleMs = sampleMs;
        this.maxMeters = maxMeters;
    }

    /** The longest a window spans, ms: {@code samples × sampleMs}. */
    public long windowMs() {
        return samples * sampleMs;
    }

    /** The length of one sample, ms (Kafka's {@code quota.window.size.seconds}). */
    public long sampleMs() {
        return sampleMs;
    }

    /** Records {@code bytes} against {@code quota}'s meter and answers the throttle time, ms (0 within the quota). */
    public long record(ClientQuotas.Applied quota, long bytes, long nowMs) {
        RateMeter meter = meter(quota.meter(), nowMs);
        return meter == null ? 0 : meter.record(bytes, nowMs, quota.bytesPerSecond());
    }

    /** Takes back bytes recorded but not delivered (a throttled fetch answered empty). */
    public void unrecord(ClientQuotas.Applied quota, long bytes, long nowMs) {
        RateMeter meter = meters.get(quota.meter());
        if (meter != null) {
            meter.unrecord(bytes, nowMs);
        }
    }

    /** The current rate of every meter, bytes per second (for metrics). */
    public Map<ClientQuotas.MeterKey, Double> rates(long nowMs) {
        Map<ClientQuotas.MeterKey, Double> rates = new java.util.HashMap<>();
        meters.forEach((key, meter) -> rates.put(key, meter.rate(nowMs)));
        return rates;
    }

    /** How many meters are held. */
    public int size() {
        return meters.size();
    }

    private RateMeter meter(ClientQuotas.MeterKey key, long nowMs) {
        RateMeter meter = meters.get(key);
        if (meter != null) {
            return meter;
        }
        if (meters.size() >= maxMeters) {
            meters.values().removeIf(m -> m.idle(nowMs));
            if (meters.size() >= maxMeters) {
                if (warnedFull.compareAndSet(false, true)) {
                    LOG.warnf("%d quota meters are all busy (strata.node.kafka.quota.max-meters): %s and later new entities are not throttled",
                            maxMeters, key);
                }
                return null;
            }
        }
        return meters.computeIfAbsent(key, k -> new RateMeter(samples, sampleMs));
    }
}
