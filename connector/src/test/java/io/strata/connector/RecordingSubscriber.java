package io.strata.connector;

import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/** A test's subscriber to an incoming channel: keeps every message and the terminal signal; requests only what the test asks. */
final class RecordingSubscriber implements Flow.Subscriber<Message<?>> {

    final List<Message<?>> messages = new CopyOnWriteArrayList<>();
    volatile Throwable failure;
    volatile boolean completed;
    private volatile Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
    }

    void request(long n) {
        subscription.request(n);
    }

    void cancel() {
        subscription.cancel();
    }

    @Override
    public void onNext(Message<?> message) {
        messages.add(message);
    }

    @Override
    public void onError(Throwable throwable) {
        failure = throwable;
    }

    @Override
    public void onComplete() {
        completed = true;
    }
}
