package io.strata.examples.pricing;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * Reads quotes and places an order for each one at or under the limit. A quote it cannot price
 * (a negative amount) throws: SmallRye nacks its message and the channel's
 * {@code failure-strategy=dead-letter-queue} writes it to {@code prices-dead} with the reason. A
 * quote over the limit returns null: no order, and its message is acked. An order's quote is
 * acked (and so committed) only once the order was written.
 */
@ApplicationScoped
public class Pricer {

    @ConfigProperty(name = "pricing.limit", defaultValue = "100")
    double limit;

    @Incoming("prices")
    @Outgoing("orders-out")
    public Order decide(Price price) {
        if (price.amount() < 0) {
            throw new IllegalArgumentException("negative price " + price.amount() + " for " + price.item());
        }
        if (price.amount() > limit) {
            return null;
        }
        return new Order(price.item(), price.amount(), 1);
    }
}
