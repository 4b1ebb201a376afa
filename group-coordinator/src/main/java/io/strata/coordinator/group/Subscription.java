package io.strata.coordinator.group;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a member consumes: a set of topic names, or a regular expression that must match a whole
 * topic name. Exactly one of the two; a regex is checked when the subscription is made, so a
 * stored subscription always compiles.
 */
public record Subscription(SortedSet<String> topicNames, Optional<String> topicRegex) {

    public Subscription {
        topicNames = Collections.unmodifiableSortedSet(new TreeSet<>(topicNames));
        Objects.requireNonNull(topicRegex, "topicRegex");
    }

    /** Names or regex, as a request gives them; INVALID_REQUEST naming what is wrong. */
    public static Subscription of(Collection<String> topicNames, String topicRegex) {
        boolean hasRegex = topicRegex != null && !topicRegex.isEmpty();
        if (hasRegex == !topicNames.isEmpty()) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "subscription: give either topic_names "
                    + topicNames + " or topic_regex '" + (topicRegex == null ? "" : topicRegex) + "', exactly one");
        }
        for (String name : topicNames) {
            if (name.isBlank()) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "subscription.topic_names: '" + name + "' is blank");
            }
        }
        if (hasRegex) {
            try {
                Pattern.compile(topicRegex);
            } catch (PatternSyntaxException e) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "subscription.topic_regex: '" + topicRegex
                        + "' is not a valid regular expression: " + e.getDescription());
            }
        }
        return new Subscription(new TreeSet<>(topicNames), hasRegex ? Optional.of(topicRegex) : Optional.empty());
    }

    /** Whether this subscription takes the topic: a name it lists, or a name its regex matches whole. */
    public boolean includes(String topic) {
        return topicRegex.map(regex -> Pattern.compile(regex).matcher(topic).matches())
                .orElseGet(() -> topicNames.contains(topic));
    }

    /** The topics among {@code existing} that this subscription takes. */
    public SortedSet<String> resolve(Collection<String> existing) {
        SortedSet<String> topics = new TreeSet<>();
        if (topicRegex.isPresent()) {
            Pattern pattern = Pattern.compile(topicRegex.get());
            existing.stream().filter(topic -> pattern.matcher(topic).matches()).forEach(topics::add);
        } else {
            existing.stream().filter(topicNames::contains).forEach(topics::add);
        }
        return topics;
    }
}
