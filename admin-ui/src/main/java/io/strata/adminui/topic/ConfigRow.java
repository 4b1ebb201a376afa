package io.strata.adminui.topic;

/**
 * One config of a topic as its page shows it: the effective value, whether the topic overrides it,
 * the cluster default beside an override (null when no topic without the override was found to
 * read it from), and whether the row is being edited. Immutable.
 */
public record ConfigRow(String name, String value, boolean overridden, String defaultValue, String type,
                        String documentation, boolean editing) {

    /** An id for the row's HTML elements ({@code retention.ms} → {@code retention-ms}). */
    public String id() {
        return name.replace('.', '-');
    }
}
