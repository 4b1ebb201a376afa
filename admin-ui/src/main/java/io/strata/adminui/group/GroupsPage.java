package io.strata.adminui.group;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.GroupLagReport;
import io.strata.adminui.gateway.GroupSummary;
import io.strata.adminui.listing.ListPage;
import io.strata.adminui.listing.ListQuery;
import io.strata.adminui.listing.Paging;
import io.strata.adminui.problem.ConsoleProblem;
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
 * {@code GET /admin/groups}, the state in the URL. The total lag of the shown page's groups comes
 * from one {@code POST /admin/groups/lag} (one ListOffsets per distinct partition, however many
 * groups share it); the list cannot be sorted by it.
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
        List<GroupRow> rows = rows(shown.rows());
        return Templates.groups(rows, shown.paging(), deleted);
    }

    /** The shown groups with their total lag, from one {@code POST /admin/groups/lag}. */
    private List<GroupRow> rows(List<GroupSummary> groups) {
        List<GroupLagReport> lags;
        try {
            lags = gateway.groupLags(groups.stream().map(GroupSummary::groupId).toList());
        } catch (ConsoleProblem refused) {
            return groups.stream().map(g -> new GroupRow(g.groupId(), g.state(), g.memberCount(), null, refused.detail())).toList();
        }
        List<GroupRow> rows = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            rows.add(row(groups.get(i), lags.get(i)));
        }
        return rows;
    }

    private static GroupRow row(GroupSummary group, GroupLagReport lag) {
        if (lag.totalLag() == null) {
            return new GroupRow(group.groupId(), group.state(), group.memberCount(), null, lag.error());
        }
        return new GroupRow(group.groupId(), group.state(), group.memberCount(), lag.totalLag(),
                lag.partitionsWithoutLag() == 0 ? null : "without " + lag.partitionsWithoutLag() + " partition(s) whose leader did not answer");
    }
}
