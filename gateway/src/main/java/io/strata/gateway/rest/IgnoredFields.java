package io.strata.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The body fields of one request that Strata accepted without acting on them (see
 * {@link BodyFields}), and how the answer names them: one {@code Warning} header (RFC 9111 §5.5,
 * code 299 "miscellaneous persistent warning", agent "-"), e.g.
 * {@code Warning: 299 - "ignored: fetch.min.bytes, isolation.level"}. A name appears once however
 * many records carried it. Immutable.
 */
@RegisterForReflection
public record IgnoredFields(List<String> names) {

    public static final String HEADER = "Warning";
    public static final IgnoredFields NONE = new IgnoredFields(List.of());

    public IgnoredFields {
        names = List.copyOf(new LinkedHashSet<>(names));
    }

    public static IgnoredFields of(Collection<String> names) {
        return names.isEmpty() ? NONE : new IgnoredFields(new ArrayList<>(names));
    }

    public IgnoredFields plus(IgnoredFields more) {
        if (more.names.isEmpty()) {
            return this;
        }
        Set<String> all = new LinkedHashSet<>(names);
        all.addAll(more.names);
        return new IgnoredFields(new ArrayList<>(all));
    }

    /** The header value, or null when nothing was ignored. */
    public String warning() {
        return names.isEmpty() ? null : "299 - \"ignored: " + String.join(", ", names) + "\"";
    }

    /** {@code response} with the Warning header when something was ignored. */
    public Response on(Response response) {
        return names.isEmpty() ? response : Response.fromResponse(response).header(HEADER, warning()).build();
    }
}
