package io.strata.gateway.acl;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.TopicDescription;

import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which topics and groups one caller may see in a list answer, as Kafka's Metadata and ListGroups
 * filter theirs: topics it may DESCRIBE; groups it may DESCRIBE (all of them with DESCRIBE on the
 * cluster). A REST request carries its visibility as the request property {@value #PROPERTY}; a
 * request without one (ACLs off) sees everything. Immutable.
 */
public record Visibility(Predicate<String> topics, Predicate<String> groups) {

    /** The request property a REST request's visibility is kept in. */
    public static final String PROPERTY = "strata.acl.visibility";

    /** What a caller sees without ACLs: everything. */
    public static final Visibility ALL = new Visibility(topic -> true, group -> true);

    /** The visibility of a request property's value (null: everything). */
    public static Visibility of(Object property) {
        return property instanceof Visibility visibility ? visibility : ALL;
    }

    /** {@code view} with only the topics this caller may see. */
    public ClusterMetadata topicsOf(ClusterMetadata view) {
        if (this == ALL) {
            return view;
        }
        Map<String, TopicDescription> shown = view.topics().entrySet().stream().filter(e -> topics.test(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new ClusterMetadata(view.version(), view.initialized(), shown, view.nodes(), view.controller(), view.clusterDefaults());
    }
}
