package io.strata.adminui.auth;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.adminui.AdminUiCluster;
import io.strata.adminui.ConsolePages;
import io.strata.adminui.GatewayCalls;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static io.strata.adminui.ConsolePages.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ACL, reassignment and drain actions under the console's login ({@link AdminUiCluster} with
 * {@code auth=true}): a viewer sees the ACL and reassignment pages without any action form, and each
 * action posted directly, with a valid CSRF token, is refused with 403 {@code AUTHORIZATION_FAILED}
 * and changes nothing; without the token even an admin's action is refused with
 * {@code CSRF_CHECK_FAILED}; an admin's ACL creation is recorded in the audit log under their name.
 */
@QuarkusTest
@WithTestResource(value = AdminUiCluster.class, initArgs = @ResourceArg(name = "auth", value = "true"))
class ViewerActionsTest {

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "strata.admin-ui.gateway")
    String gateway;

    @Test
    void aViewerSeesNoActionFormsAndEveryActionIsRefusedWith403() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway, AdminUiCluster.basic(AdminUiCluster.ADMIN, AdminUiCluster.ADMIN_PASSWORD));
        calls.createTopic("viewer-sees", 1, 1);
        ConsolePages viewer = signedIn(AdminUiCluster.VIEWER, AdminUiCluster.VIEWER_PASSWORD);

        ConsolePages.Page acls = viewer.get("/acls");
        assertThat(acls.status()).isEqualTo(200);
        assertThat(acls.doc().select("form#create-acl, form.delete-acl, #delete-matching")).isEmpty();
        ConsolePages.Page moves = viewer.get("/reassignments");
        assertThat(moves.status()).isEqualTo(200);
        assertThat(moves.doc().select("form#start-move, form.cancel-move")).isEmpty();
        assertThat(viewer.get("/cluster").doc().select("form#drain-node")).isEmpty();
        String csrf = acls.one("meta[name=csrf-token]").attr("content");

        Map<String, Map<String, String>> actions = Map.of(
                "/acls", form("csrf", csrf, "principal", "User:eve", "resource_type", "TOPIC", "resource_name", "x", "operation", "READ"),
                "/acls/delete", form("csrf", csrf, "principal", "User:eve", "confirm", "0"),
                "/acls/delete-one", form("csrf", csrf, "principal", "User:eve", "resource_type", "TOPIC", "resource_name", "x",
                        "operation", "READ"),
                "/reassignments", form("csrf", csrf, "topic", "viewer-sees", "partition", "0", "replicas", "1,2"),
                "/reassignments/viewer-sees/0/cancel", form("csrf", csrf),
                "/nodes/drain", form("csrf", csrf, "node", "1", "confirm", "1"));
        for (Map.Entry<String, Map<String, String>> action : actions.entrySet()) {
            ConsolePages.Page refused = viewer.post(action.getKey(), action.getValue());
            assertThat(refused.status()).as("POST %s by a viewer: %s", action.getKey(), refused.body()).isEqualTo(403);
            assertThat(refused.body()).contains("AUTHORIZATION_FAILED").contains("viewer");
        }
        assertThat(calls.json("GET", "/admin/acls?principal=User:eve", null)).as("no ACL created").isEmpty();
        assertThat(calls.json("GET", "/admin/reassignments", null).path("reassignments")).as("nothing moving").isEmpty();
        assertThat(calls.json("GET", "/admin/topics/viewer-sees", null).path("partitions").get(0).path("replicas")).hasSize(1);
    }

    @Test
    void anAdminsActionNeedsTheCsrfTokenAndIsAudited() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway, AdminUiCluster.basic(AdminUiCluster.ADMIN, AdminUiCluster.ADMIN_PASSWORD));
        ConsolePages admin = signedIn(AdminUiCluster.ADMIN, AdminUiCluster.ADMIN_PASSWORD);
        Map<String, String> binding = form("principal", "User:frank", "resource_type", "TOPIC", "resource_name", "franks",
                "pattern_type", "LITERAL", "operation", "READ", "permission", "ALLOW");

        ConsolePages.Page noToken = admin.post("/acls", binding);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF_CHECK_FAILED");
        assertThat(calls.json("GET", "/admin/acls?principal=User:frank", null)).isEmpty();

        String csrf = admin.get("/acls").one("meta[name=csrf-token]").attr("content");
        binding.put("csrf", csrf);
        ConsolePages.Page created = admin.postAndFollow("/acls", binding);
        assertThat(created.one("#acls tr[data-principal='User:frank']")).isNotNull();
        assertThat(calls.json("GET", "/admin/acls?principal=User:frank", null)).hasSize(1);

        Awaitility.await("the audit record").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ConsolePages.Page audit = admin.get("/audit?action=acl.create");
            assertThat(audit.one("#audit tbody tr[data-action='acl.create'] .audit-user").text()).isEqualTo(AdminUiCluster.ADMIN);
        });
        calls.json("DELETE", "/admin/acls?principal=User:frank", null);
    }

    private ConsolePages signedIn(String user, String password) {
        ConsolePages pages = new ConsolePages(base);
        ConsolePages.Page signedIn = pages.post("/login", form("user", user, "password", password, "next", "/acls"));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
        return pages;
    }
}
