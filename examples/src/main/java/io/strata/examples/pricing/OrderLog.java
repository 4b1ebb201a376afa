package io.strata.examples.pricing;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Reads the {@code orders} topic and keeps what it read (a stand-in for fulfilment). Thread-safe. */
@ApplicationScoped
public class OrderLog {

    private final List<Order> orders = new CopyOnWriteArrayList<>();

    @Incoming("orders")
    public void record(Order order) {
        orders.add(order);
    }

    public List<Order> orders() {
        return List.copyOf(orders);
    }
}
