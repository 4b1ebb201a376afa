package io.strata.node.health;

/**
 * What one health rule concluded: up or down, and in words why (the text a health check shows as
 * its {@code reason}, naming the measured value and the limit it was held against).
 *
 * @param up     whether the condition is healthy
 * @param reason the measurement and limit behind the verdict, for people
 */
public record Verdict(boolean up, String reason) {

    static Verdict up(String reason) {
        return new Verdict(true, reason);
    }

    static Verdict down(String reason) {
        return new Verdict(false, reason);
    }
}
