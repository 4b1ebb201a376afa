package io.strata.adminui.audit;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.PartitionReport;
import io.strata.adminui.gateway.RecordReport;
import io.strata.adminui.gateway.TopicReport;
import io.strata.adminui.problem.ConsoleProblem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The Audit page ({@code /audit?user=&action=&before=}): the audit topic's records, newest first,
 * filtered by user (exact) and action, a page of {@code audit.page-size} at a time. It reads
 * partition 0 backwards from {@code before} (an offset; default the high watermark) in chunks, as
 * the console's own user, and examines at most {@code audit.max-scan-records} records per page; the
 * "older" link carries the offset it stopped at, so paging never re-reads or skips a record.
 * Any signed-in role may read it. Stateless.
 */
@Path("/audit")
@Blocking
public class AuditPage {

    private static final int CHUNK = 500;

    @Inject
    GatewayClient gateway;

    @Inject
    AdminUiConfig config;

    /** One row as the page shows it; {@code raw} is the record when it could not be read as an audit record. */
    public record Row(long offset, AuditRecord record, String raw) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance audit(List<Row> rows, String user, String action, List<String> actions, String olderHref,
                                             boolean enabled, String topic, long scanned);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("user") String user, @QueryParam("action") String action, @QueryParam("before") String before) {
        String userFilter = user == null ? "" : user.strip();
        String actionFilter = action == null ? "" : action.strip();
        if (!actionFilter.isEmpty() && AuditAction.byId(actionFilter).isEmpty()) {
            throw ConsoleProblem.invalid("action: unknown action '" + actionFilter + "'");
        }
        List<String> actions = java.util.Arrays.stream(AuditAction.values()).map(AuditAction::id).toList();
        GatewayClient console = gateway.asConsole();
        PartitionReport partition = partitionZero(console);
        if (partition == null) {
            return Templates.audit(List.of(), userFilter, actionFilter, actions, null, config.auditEnabled(), config.audit().topic(), 0);
        }
        long logStart = partition.logStartOffset() == null ? 0 : partition.logStartOffset();
        long end = partition.highWatermark() == null ? 0 : partition.highWatermark();
        long from = before == null || before.isBlank() ? end : Math.min(end, offset(before));
        List<Row> rows = new ArrayList<>();
        long next = from;
        int budget = config.audit().maxScanRecords();
        while (next > logStart && rows.size() < config.audit().pageSize() && budget > 0) {
            int count = (int) Math.min(Math.min(CHUNK, budget), next - logStart);
            List<RecordReport> chunk = range(console, next - count, next);
            for (int i = chunk.size() - 1; i >= 0 && rows.size() < config.audit().pageSize(); i--) {
                RecordReport r = chunk.get(i);
                if (r.offset() >= next) {
                    continue;
                }
                Row row = row(r);
                next = r.offset();
                budget--;
                if (matches(row, userFilter, actionFilter)) {
                    rows.add(row);
                }
            }
            if (chunk.isEmpty()) {
                next -= count;   // removed by retention meanwhile: step over the gap
            }
        }
        String older = next > logStart ? "/audit?user=" + encode(userFilter) + "&action=" + encode(actionFilter) + "&before=" + next : null;
        return Templates.audit(rows, userFilter, actionFilter, actions, older, config.auditEnabled(), config.audit().topic(), from - next);
    }

    /** The records of partition 0 in [from, to), however many reads the gateway's answer limits make it take. */
    private List<RecordReport> range(GatewayClient console, long from, long to) {
        List<RecordReport> records = new ArrayList<>();
        long at = from;
        while (at < to) {
            List<RecordReport> read = console.records(config.audit().topic(), 0, at, (int) (to - at));
            if (read.isEmpty()) {
                break;
            }
            read.stream().filter(r -> r.offset() < to).forEach(records::add);
            at = read.get(read.size() - 1).offset() + 1;
        }
        return records;
    }

    private PartitionReport partitionZero(GatewayClient console) {
        try {
            TopicReport topic = console.topic(config.audit().topic());
            return topic.partitions().stream().filter(p -> p.partition() == 0).findFirst().orElse(null);
        } catch (ConsoleProblem e) {
            if (e.status() == 404 || "UNKNOWN_TOPIC_OR_PARTITION".equals(e.errorCode())) {
                return null;   // nothing audited yet: the topic is made by the first record
            }
            throw e;
        }
    }

    private static Row row(RecordReport r) {
        String value = r.value() == null ? "" : new String(Base64.getDecoder().decode(r.value()), StandardCharsets.UTF_8);
        try {
            return new Row(r.offset(), AuditRecord.fromJson(value), null);
        } catch (IOException | RuntimeException e) {
            return new Row(r.offset(), null, value.length() > 300 ? value.substring(0, 300) + " …" : value);
        }
    }

    private static boolean matches(Row row, String user, String action) {
        if (row.record() == null) {
            return user.isEmpty() && action.isEmpty();
        }
        return (user.isEmpty() || row.record().user().equals(user)) && (action.isEmpty() || row.record().action().id().equals(action));
    }

    private static long offset(String text) {
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ConsoleProblem.invalid("before: must be an offset, 0 or more; got '" + text + "'");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
