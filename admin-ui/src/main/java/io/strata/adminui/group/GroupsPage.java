package io.strata.adminui.group;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.GroupSummary;
import io.strata.adminui.gateway.OffsetLagReport;
import io.strata.adminui.listing.ListPage;
import io.strata.adminui.listing.ListQuery;
import io.strata.adminui.listing.Paging;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The consumer group list ({@code /groups}): search, sort and paging on the server from one
 * {@code GET /admin/groups}, the state in the URL. The total lag needs each group's description, so
 * it is asked for the groups of the shown page only ({@code describe-concurrency} at a time), and
 * the list cannot be sorted by it.
 */
@Path("/groups")
@Blocking
public class GroupsPage {

    static final Map<String, Comparator<GroupSummary>> SORTS = sorts();

    @Inject
    GatewayClient gateway;

    @Inject
    AdminUiConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance groups(List<GroupRow> rows, Paging paging, String deleted);
    }

    private static Map<String, Comparator<GroupSummary>> sorts() {
        Map<String, Comparator<GroupSummary>> sorts = new LinkedHashMap<>();
        sorts.put("group", Comparator.comparing(GroupSummary::groupId));
        sorts.put("state", Comparator.comparing(GroupSummary::state));
        sorts.put("members", Comparator.comparingInt(GroupSummary::memberCount));
        return sorts;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("q") String search, @QueryParam("sort") String sort, @QueryParam("dir") String dir,
                                 @QueryParam("page") String page, @QueryParam("size") String size,
                                 @QueryParam("deleted") String deleted) {
        ListQuery query = ListQuery.parse(search, sort, dir, page, size, List.copyOf(SORTS.keySet()),
                config.pageSize(), config.maxPageSize(), config.maxSearchLength());
        ListPage<GroupSummary> shown = ListPage.of(gateway.groups(), query, GroupSummary::groupId, SORTS, "/groups");
        List<GatewayClient.Described> described = gateway.describeAll(shown.rows().stream().map(GroupSummary::groupId).toList());
        List<GroupRow> rows = new ArrayList<>();
        for (int i = 0; i < shown.rows().size(); i++) {
            rows.add(row(shown.rows().get(i), described.get(i)));
        }
        return Templates.groups(rows, shown.paging(), deleted);
    }

    private static GroupRow row(GroupSummary group, GatewayClient.Described described) {
        if (described.problem() != null) {
            return new GroupRow(group.groupId(), group.state(), group.memberCount(), null, described.problem().detail());
        }
        long total = 0;
        int unknown = 0;
        for (OffsetLagReport offset : described.group().offsets()) {
            if (offset.lag() >= 0) {
                total += offset.lag();
            } else {
                unknown++;
            }
        }
        return new GroupRow(group.groupId(), group.state(), group.memberCount(), total,
                unknown == 0 ? null : "without " + unknown + " partition(s) whose leader did not answer");
    }
}
