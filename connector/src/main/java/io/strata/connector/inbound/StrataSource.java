package io.strata.connector.inbound;

import io.strata.client.consumer.Consumer;
import io.micrometer.core.instrument.Metrics;
import io.strata.connector.commit.CommitHandler;
import io.strata.connector.failure.FailureHandler;
import io.strata.connector.metrics.ConsumerMeters;
import io.strata.connector.serde.SerdeLoader;
import org.apache.kafka.common.serialization.Deserializer;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * An incoming channel: the {@link Flow.Publisher} the connector gives SmallRye Reactive Messaging.
 * Nothing connects until the one subscriber subscribes; then a {@link PollLoop} starts on a thread
 * of its own ({@code strata-poll-<channel>}), so blocking processing never starves polling and a
 * poll never runs on an event loop. A second subscriber is refused (one consumer per channel).
 *
 * <p>Thread-safe. {@link #close()} stops the loop, which commits what was acknowledged
 * ({@code graceful-shutdown}) and closes the consumer, waiting up to {@code closeTimeout}.
 */
public final class StrataSource implements Flow.Publisher<Message<?>>, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StrataSource.class.getName());

    private final SourceSettings settings;
    private final Supplier<FailureHandler> failureHandler;
    private final Duration closeTimeout;
    private final String threadName;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private volatile PollLoop loop;
    private volatile Thread thread;
    private volatile ConsumerMeters meters;

    /**
     * @param failureHandler made when the channel starts (the dead-letter producer connects then)
     * @param threadName     of the poll thread: {@code strata-poll-<channel>}, with {@code -<n>} when the
     *                       channel has several consumers ({@code partitions})
     */
    public StrataSource(SourceSettings settings, Supplier<FailureHandler> failureHandler, Duration closeTimeout,
                        String threadName) {
        this.settings = settings;
        this.failureHandler = failureHandler;
        this.closeTimeout = closeTimeout;
        this.threadName = threadName;
    }

    public String threadName() {
        return threadName;
    }

    public SourceSettings settings() {
        return settings;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Message<?>> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("channel " + settings.channel()
                    + " has a subscriber already; a smallrye-strata channel has one consumer and one subscriber"));
            return;
        }
        PollLoop[] started = new PollLoop[1];
        DeliveryQueue deliveries = new DeliveryQueue(subscriber,
                () -> { if (started[0] != null) started[0].demandChanged(); },
                () -> { if (started[0] != null) started[0].stop(); });
        Deserializer<Object> keys = SerdeLoader.deserializer("key.deserializer", settings.keyDeserializer(), settings.clientConfig(), true);
        Deserializer<Object> values = SerdeLoader.deserializer("value.deserializer", settings.valueDeserializer(), settings.clientConfig(), false);
        CommitHandler commits = CommitHandler.of(settings.commitStrategy(), settings.commitIntervalMs(),
                settings.unprocessedRecordMaxAgeMs());
        Consumer consumer = Consumer.create(settings.clientConfig());
        ConsumerMeters consumerMeters = new ConsumerMeters(Metrics.globalRegistry, settings.channel(), threadName, consumer);
        meters = consumerMeters;
        PollLoop created = new PollLoop(settings, commits, failureHandler.get(), keys, values, deliveries, consumer, consumerMeters);
        started[0] = created;
        loop = created;
        Thread pollThread = new Thread(created, threadName);
        pollThread.setDaemon(true);
        thread = pollThread;
        subscriber.onSubscribe(deliveries);
        pollThread.start();
    }

    /** Whether back-pressure has paused the channel's partitions now. */
    public boolean isPaused() {
        PollLoop current = loop;
        return current != null && current.isPaused();
    }

    /** Whether the channel polls now: subscribed, in its group, not failed and not closed. */
    public boolean isPolling() {
        PollLoop current = loop;
        return current != null && current.isPolling();
    }

    /** What failed the channel (a nack under failure-strategy=fail, an overdue acknowledgement, …), or null. */
    public Throwable failure() {
        PollLoop current = loop;
        return current == null ? null : current.failure();
    }

    @Override
    public void close() {
        PollLoop current = loop;
        Thread pollThread = thread;
        if (current == null || pollThread == null) {
            return;
        }
        current.stop();
        try {
            pollThread.join(closeTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pollThread.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "channel " + settings.channel() + ": the poll thread did not stop within "
                    + closeTimeout.toMillis() + " ms");
        }
        meters.close();
    }
}
