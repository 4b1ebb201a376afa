package io.strata.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields one kind of REST body object may carry, in three kinds: those Strata reads; those the
 * Kafka REST Proxy v2 or the Strimzi Bridge define but Strata does not act on, accepted so that a
 * client written for either keeps working and named back to it in a {@code Warning} header
 * ({@link IgnoredFields}); and anything else, refused as INVALID_REQUEST naming the field and the
 * known ones, because a misspelt field ({@code "valeu"}) must not silently become a missing one.
 * Immutable; thread-safe.
 */
record BodyFields(Set<String> read, Set<String> ignored) {

    BodyFields {
        read = Set.copyOf(read);
        ignored = Set.copyOf(ignored);
    }

    static BodyFields of(String... read) {
        return new BodyFields(Set.of(read), Set.of());
    }

    BodyFields ignoring(String... names) {
        return new BodyFields(read, Set.of(names));
    }

    /**
     * Checks the field names of {@code object} ({@code where} names it in messages, e.g.
     * "records[3]"; empty for the body itself) and answers the ignored ones it holds, in order.
     */
    List<String> check(JsonNode object, String where) {
        List<String> present = new ArrayList<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (ignored.contains(name)) {
                present.add(where.isEmpty() ? name : where + "." + name);
            } else if (!read.contains(name)) {
                Set<String> known = new TreeSet<>(read);
                known.addAll(ignored);
                throw ProduceBody.invalid((where.isEmpty() ? "unknown" : where + " has an unknown") + " field \""
                        + name + "\" (known: " + String.join(", ", known) + ")");
            }
        }
        return present;
    }
}
