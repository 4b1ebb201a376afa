package io.strata.adminui.acl;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.adminui.AdminUiCluster;
import io.strata.adminui.ConsolePages;
import io.strata.adminui.GatewayCalls;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.strata.adminui.ConsolePages.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ACL page against the real cluster's ACL store (through the gateway): creating a binding from
 * the form, a refused binding shown with the gateway's detail and nothing stored, filtering and
 * paging a few thousand bindings, deleting one, and deleting all of a filter after typing the count.
 * Each test uses its own principal; none creates a binding that would apply to the other tests'
 * topics or to the cluster.
 */
@QuarkusTest
@WithTestResource(AdminUiCluster.class)
class AclsPageTest {

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "strata.admin-ui.gateway")
    String gateway;

    @Test
    void aBindingIsCreatedFromTheFormListedAndDeleted() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        ConsolePages pages = new ConsolePages(base);
        assertThat(pages.get("/acls").one("form#create-acl").select("select[name=operation] option").eachAttr("value"))
                .contains("READ", "WRITE", "IDEMPOTENT_WRITE", "ALL");

        ConsolePages.Page created = pages.postAndFollow("/acls", form("principal", "carol", "host", "", "resource_type", "TOPIC",
                "resource_name", "carols-", "pattern_type", "PREFIXED", "operation", "WRITE", "permission", "DENY"));
        assertThat(created.one("#notice").text()).isEqualTo("Binding created.");
        Element row = created.one("#acls tr[data-principal='User:carol']");
        assertThat(row.select("th, td").eachText().subList(0, 6))
                .containsExactly("User:carol", "*", "TOPIC carols-", "PREFIXED", "WRITE", "DENY");
        assertThat(stored(calls, "User:carol")).hasSize(1);

        Element delete = row.selectFirst("form.delete-acl");
        ConsolePages.Page deleted = pages.postAndFollow(delete.attr("action"), fields(delete));
        assertThat(deleted.one("#notice").text()).isEqualTo("Binding deleted.");
        assertThat(deleted.doc().select("#acls tr[data-principal='User:carol']")).isEmpty();
        assertThat(stored(calls, "User:carol")).isEmpty();

        ConsolePages.Page again = pages.post(delete.attr("action"), fields(delete));
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.problemCode()).isEqualTo("ACL_NOT_FOUND");
    }

    @Test
    void aRefusedBindingShowsTheGatewaysProblemAndStoresNothing() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page wrongOperation = pages.post("/acls", form("principal", "User:dave", "host", "", "resource_type", "GROUP",
                "resource_name", "daves-group", "pattern_type", "LITERAL", "operation", "WRITE", "permission", "ALLOW"));
        assertThat(wrongOperation.status()).isEqualTo(400);
        assertThat(wrongOperation.problemCode()).isEqualTo("INVALID_REQUEST");
        assertThat(wrongOperation.problemDetail()).contains("operation").contains("WRITE").contains("GROUP");

        ConsolePages.Page badHost = pages.post("/acls", form("principal", "User:dave", "host", "somehost.example", "resource_type",
                "TOPIC", "resource_name", "t", "pattern_type", "LITERAL", "operation", "READ", "permission", "ALLOW"));
        assertThat(badHost.problemDetail()).contains("host").contains("somehost.example");

        ConsolePages.Page noPrincipal = pages.post("/acls", form("principal", " ", "resource_type", "TOPIC",
                "resource_name", "t", "operation", "READ"));
        assertThat(noPrincipal.problemDetail()).isEqualTo("principal: required");

        ConsolePages.Page htmx = pages.post("/acls", form("principal", "User:dave", "resource_type", "TOPIC", "resource_name", "t",
                "pattern_type", "SOMETIMES", "operation", "READ"), true);
        assertThat(htmx.header("HX-Retarget")).isEqualTo("#problem");
        assertThat(htmx.problemDetail()).contains("pattern_type");
        assertThat(stored(calls, "User:dave")).as("nothing stored").isEmpty();
    }

    @Test
    void thousandsOfBindingsAreFilteredPagedAndDeletedAfterTypingTheirCount() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        ConsolePages pages = new ConsolePages(base);
        StringBuilder bindings = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) {
            bindings.append(i == 0 ? "" : ",").append("{\"principal\":\"User:many\",\"resource_type\":\"TOPIC\",\"resource_name\":\"many-")
                    .append(i).append("\",\"operation\":\"").append(i % 2 == 0 ? "READ" : "WRITE").append("\"}");
        }
        calls.json("POST", "/admin/acls", bindings.append(']').toString());
        calls.json("POST", "/admin/acls", "{\"principal\":\"User:few\",\"resource_type\":\"TOPIC\",\"resource_name\":\"many-0\","
                + "\"operation\":\"READ\"}");

        ConsolePages.Page first = pages.get("/acls?principal=User:many&size=50");
        assertThat(first.one("#acl-total").text()).isEqualTo("2000");
        assertThat(first.doc().select("#acls tbody tr")).hasSize(50);
        String next = first.one("a[rel=next]").attr("href");
        assertThat(next).contains("page=2").contains("principal=User%3Amany");
        long started = System.nanoTime();
        ConsolePages.Page second = pages.get(next);
        long secondMs = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        calls.json("GET", "/admin/acls?principal=User:many", null);
        long gatewayMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println("ACL page 2 (50 rows) of 2000 bindings: " + secondMs + " ms; the gateway's GET /admin/acls of them alone: "
                + gatewayMs + " ms");
        assertThat(secondMs).as("a page of 2000 bindings answers quickly").isLessThan(3000);
        assertThat(second.one("#acl-total").text()).isEqualTo("2000");
        assertThat(second.one("caption").text()).startsWith("Bindings 51–100 of 2000");

        ConsolePages.Page byName = pages.get("/acls?resource_type=TOPIC&resource_name=many-0");
        assertThat(byName.doc().select("#acls tbody tr").eachAttr("data-principal")).containsExactly("User:few", "User:many");

        String link = first.one("#delete-matching").attr("href");
        ConsolePages.Page review = pages.get(link);
        assertThat(review.one("#review-count").text()).startsWith("2000 binding(s) will be deleted");
        assertThat(review.doc().select("#review tbody tr")).hasSize(AclsPage.REVIEW_ROWS);
        ConsolePages.Page mistyped = pages.post("/acls/delete", form("principal", "User:many", "resource_type", "", "resource_name", "",
                "pattern_type", "", "confirm", "200"));
        assertThat(mistyped.status()).isEqualTo(400);
        assertThat(mistyped.problemDetail()).contains("type 2000");
        assertThat(stored(calls, "User:many")).as("nothing deleted").hasSize(2000);
        ConsolePages.Page unfiltered = pages.post("/acls/delete", form("principal", "", "confirm", "2001"));
        assertThat(unfiltered.problemDetail()).startsWith("filter: choose at least");

        ConsolePages.Page done = pages.postAndFollow("/acls/delete", form("principal", "User:many", "resource_type", "",
                "resource_name", "", "pattern_type", "", "confirm", "2000"));
        assertThat(done.one("#notice").text()).isEqualTo("2000 binding(s) deleted.");
        assertThat(stored(calls, "User:many")).isEmpty();
        assertThat(stored(calls, "User:few")).as("another principal's binding stays").hasSize(1);
        calls.json("DELETE", "/admin/acls?principal=User:few", null);
    }

    private static JsonNode stored(GatewayCalls calls, String principal) throws Exception {
        return calls.json("GET", "/admin/acls?principal=" + principal, null);
    }

    /** A form's named inputs, as a browser posts them. */
    static Map<String, String> fields(Element form) {
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[name]").forEach(input -> fields.put(input.attr("name"), input.attr("value")));
        return fields;
    }
}
