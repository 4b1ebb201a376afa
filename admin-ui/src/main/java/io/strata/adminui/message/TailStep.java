package io.strata.adminui.message;

import io.strata.adminui.gateway.RecordReport;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one live-tail poll found, once its {@link TailPlan}'s reads answered: the rows to put on
 * top (newest first, those the filter keeps) and the cursor after them. A read that returned fewer
 * records than asked (the gateway bounds an answer's bytes) leaves its partition's cursor after
 * the last record returned, so the rest is read next time rather than counted as skipped. Pure and
 * immutable.
 */
public record TailStep(List<MessageRow> rows, TailCursor cursor) {

    public TailStep {
        rows = List.copyOf(rows);
    }

    /**
     * @param results the records each of {@code plan}'s reads returned, in the plan's order
     * @param filter  kept when the record contains it, any case (blank: every record)
     */
    public static TailStep of(TailCursor at, TailPlan plan, List<List<RecordReport>> results, String filter, URI curlGateway) {
        Map<Integer, Long> next = new TreeMap<>(plan.next());
        List<RecordReport> all = new ArrayList<>();
        for (int i = 0; i < plan.reads().size(); i++) {
            TailPlan.Read read = plan.reads().get(i);
            List<RecordReport> records = results.get(i);
            all.addAll(records);
            if (!records.isEmpty() && records.size() < read.count()) {
                next.put(read.partition(), records.get(records.size() - 1).offset() + 1);   // the rest next time
            }
        }
        all.sort(Comparator.comparingLong(RecordReport::timestamp).thenComparingInt(RecordReport::partition)
                .thenComparingLong(RecordReport::offset).reversed());
        String lower = filter.toLowerCase(Locale.ROOT);
        List<MessageRow> rows = all.stream().map(r -> MessageRow.of(r, curlGateway)).filter(m -> lower.isEmpty() || m.contains(lower)).toList();
        return new TailStep(rows, new TailCursor(next, at.read() + all.size(), at.shown() + rows.size(), at.skipped() + plan.skipped()));
    }
}
