package io.strata.adminui.acl;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.audit.AuditAction;
import io.strata.adminui.audit.Audited;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.AclReport;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.listing.ListPage;
import io.strata.adminui.listing.ListQuery;
import io.strata.adminui.listing.Paging;
import io.strata.adminui.problem.ConsoleProblem;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ACL page ({@code /acls}): the bindings a filter selects ({@link AclSelection}, the gateway's own
 * filter), sorted and paged here (the gateway answers them all; thousands sort in milliseconds);
 * creating a binding; deleting one; and deleting every binding of a filter after a review page that
 * shows how many will go and asks for that number typed back. The number is counted again when the
 * deletion is posted, so a filter that selects more than the person saw is refused, not carried out.
 */
@Path("/acls")
@Blocking
public class AclsPage {

    /** Sort keys, the first the default and the tie-breaker. */
    static final Map<String, Comparator<AclReport>> SORTS = sorts();

    /** Bindings a review page lists before "… and N more". */
    static final int REVIEW_ROWS = 50;

    @Inject
    GatewayClient gateway;

    @Inject
    AdminUiConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance acls(List<AclReport> rows, Paging paging, AclSelection selection, String notice,
                                            AclChoices choices);

        static native TemplateInstance review(List<AclReport> rows, int total, AclSelection selection);
    }

    private static Map<String, Comparator<AclReport>> sorts() {
        Comparator<AclReport> byResource = Comparator.comparing(AclReport::resourceType).thenComparing(AclReport::resourceName)
                .thenComparing(AclReport::patternType);
        Comparator<AclReport> whole = Comparator.comparing(AclReport::principal).thenComparing(byResource)
                .thenComparing(AclReport::operation).thenComparing(AclReport::permission).thenComparing(AclReport::host);
        Map<String, Comparator<AclReport>> sorts = new LinkedHashMap<>();
        sorts.put("principal", whole);
        sorts.put("resource", byResource);
        sorts.put("operation", Comparator.comparing(AclReport::operation));
        sorts.put("permission", Comparator.comparing(AclReport::permission));
        return sorts;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("principal") String principal, @QueryParam("resource_type") String resourceType,
                                 @QueryParam("resource_name") String resourceName, @QueryParam("pattern_type") String patternType,
                                 @QueryParam("sort") String sort, @QueryParam("dir") String dir, @QueryParam("page") String page,
                                 @QueryParam("size") String size, @QueryParam("notice") String notice) {
        AclSelection selection = new AclSelection(principal, resourceType, resourceName, patternType);
        ListQuery query = ListQuery.parse(null, sort, dir, page, size, List.copyOf(SORTS.keySet()),
                config.pageSize(), config.maxPageSize(), config.maxSearchLength());
        ListPage<AclReport> shown = ListPage.of(gateway.acls(selection.parameters()), query, AclReport::principal, SORTS, "/acls");
        return Templates.acls(shown.rows(), shown.paging(), selection, noticeText(notice), AclChoices.KAFKA);
    }

    /** What the page says after an action ({@code ?notice=}): the redirect after a change names it. */
    static String noticeText(String notice) {
        if (notice == null) {
            return null;
        }
        return switch (notice) {
            case "created" -> "Binding created.";
            case "exists" -> "That binding exists already; nothing changed.";
            case "deleted" -> "Binding deleted.";
            default -> notice.matches("deleted-\\d{1,9}") ? notice.substring("deleted-".length()) + " binding(s) deleted." : null;
        };
    }

    /** Creates the binding; the gateway's refusal (a bad principal, an operation the resource type has not) is shown. */
    @POST
    @Audited(action = AuditAction.ACL_CREATE, target = "principal",
            details = {"host", "resource_type", "resource_name", "pattern_type", "operation", "permission"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("principal") String principal, @FormParam("host") String host,
                           @FormParam("resource_type") String resourceType, @FormParam("resource_name") String resourceName,
                           @FormParam("pattern_type") String patternType, @FormParam("operation") String operation,
                           @FormParam("permission") String permission) {
        AclBindingForm binding = AclBindingForm.parse(principal, host, resourceType, resourceName, patternType, operation, permission);
        int created = gateway.createAcl(binding.request());
        AclSelection shown = new AclSelection(binding.principal(), null, null, null);
        return seeOther("/acls" + shown.queryString() + "&notice=" + (created == 0 ? "exists" : "created"));
    }

    /** Deletes exactly one binding (every field given); 404 when it is no longer there. */
    @POST
    @Path("delete-one")
    @Audited(action = AuditAction.ACL_DELETE, target = "principal",
            details = {"host", "resource_type", "resource_name", "pattern_type", "operation", "permission"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deleteOne(@FormParam("principal") String principal, @FormParam("host") String host,
                              @FormParam("resource_type") String resourceType, @FormParam("resource_name") String resourceName,
                              @FormParam("pattern_type") String patternType, @FormParam("operation") String operation,
                              @FormParam("permission") String permission) {
        AclBindingForm binding = AclBindingForm.parse(principal, host, resourceType, resourceName, patternType, operation, permission);
        if (gateway.deleteAcls(binding.exactFilter()).isEmpty()) {
            throw new ConsoleProblem(404, "ACL_NOT_FOUND", "No such ACL", "no binding " + describe(binding)
                    + " exists (deleted meanwhile?)");
        }
        return seeOther("/acls" + new AclSelection(binding.principal(), null, null, null).queryString() + "&notice=deleted");
    }

    /** The review before a bulk deletion: how many bindings the filter selects now, the first of them, and the form. */
    @GET
    @Path("delete")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance review(@QueryParam("principal") String principal, @QueryParam("resource_type") String resourceType,
                                   @QueryParam("resource_name") String resourceName, @QueryParam("pattern_type") String patternType) {
        AclSelection selection = requireChosen(new AclSelection(principal, resourceType, resourceName, patternType));
        List<AclReport> matching = gateway.acls(selection.parameters()).stream().sorted(SORTS.get("principal")).toList();
        return Templates.review(matching.subList(0, Math.min(REVIEW_ROWS, matching.size())), matching.size(), selection);
    }

    /** Deletes every binding the filter selects once {@code confirm} is the number it selects now. */
    @POST
    @Path("delete")
    @Audited(action = AuditAction.ACL_DELETE, target = "principal", details = {"resource_type", "resource_name", "pattern_type", "confirm"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deleteMatching(@FormParam("principal") String principal, @FormParam("resource_type") String resourceType,
                                   @FormParam("resource_name") String resourceName, @FormParam("pattern_type") String patternType,
                                   @FormParam("confirm") String confirm) {
        AclSelection selection = requireChosen(new AclSelection(principal, resourceType, resourceName, patternType));
        int now = gateway.acls(selection.parameters()).size();
        if (now == 0) {
            throw new ConsoleProblem(404, "ACL_NOT_FOUND", "No such ACL", "no binding matches " + selection.describe());
        }
        if (confirm == null || !confirm.strip().equals(Integer.toString(now))) {
            throw ConsoleProblem.invalid("confirm: type " + now + ", the number of bindings matching " + selection.describe()
                    + " now, to delete them; got '" + (confirm == null ? "" : confirm.strip()) + "'");
        }
        int deleted = gateway.deleteAcls(selection.parameters()).size();
        return seeOther("/acls?notice=deleted-" + deleted);
    }

    private static AclSelection requireChosen(AclSelection selection) {
        if (selection.empty()) {
            throw ConsoleProblem.invalid("filter: choose at least a principal, resource type, resource name or pattern type "
                    + "before deleting (an empty filter would select every binding)");
        }
        return selection;
    }

    private static String describe(AclBindingForm b) {
        return b.permission() + " " + b.principal() + " " + b.operation() + " on " + b.resourceType() + " " + b.patternType()
                + " '" + b.resourceName() + "' from " + b.host();
    }

    private static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }
}
