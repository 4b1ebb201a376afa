package io.strata.adminui.group;

/**
 * One partition of an offset reset: the committed offset before (null: none committed) and the
 * offset after. Immutable.
 */
public record PlanRow(String topic, int partition, Long before, long after) {

    /** The move in records, signed ("+5", "-3", "0"), or "new" where nothing was committed. */
    public String change() {
        if (before == null) {
            return "new";
        }
        long delta = after - before;
        return delta > 0 ? "+" + delta : Long.toString(delta);
    }
}
