package io.strata.coordinator.group;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SubscriptionTest {

    private static final List<String> TOPICS = List.of("orders", "orders-dlq", "audit", "xorders");

    @Test
    void namesTakeOnlyExistingTopics() {
        assertThat(Subscription.of(List.of("orders", "missing"), null).resolve(TOPICS)).containsExactly("orders");
    }

    @Test
    void aRegexMustMatchTheWholeName() {
        assertThat(Subscription.of(List.of(), "orders.*").resolve(TOPICS)).containsExactly("orders", "orders-dlq");
    }

    @Test
    void aTopicIsIncludedByItsNameOrAWholeRegexMatchWhetherItExistsOrNot() {
        Subscription names = Subscription.of(List.of("orders", "missing"), null);
        assertThat(names.includes("missing")).isTrue();
        assertThat(names.includes("orders-dlq")).isFalse();
        Subscription regex = Subscription.of(List.of(), "orders.*");
        assertThat(regex.includes("orders-dlq")).isTrue();
        assertThat(regex.includes("xorders")).isFalse();
    }

    @Test
    void exactlyOneOfNamesAndRegexAndTheRegexMustCompile() {
        assertThat(catchThrowableOfType(StrataException.class, () -> Subscription.of(List.of(), "")).code())
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(catchThrowableOfType(StrataException.class, () -> Subscription.of(List.of("a"), "b")).code())
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(catchThrowableOfType(StrataException.class, () -> Subscription.of(List.of(), "(")).getMessage())
                .contains("'('");
    }
}
