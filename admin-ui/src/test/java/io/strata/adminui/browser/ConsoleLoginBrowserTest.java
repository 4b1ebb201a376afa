package io.strata.adminui.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.adminui.AdminUiCluster;
import io.strata.adminui.GatewayCalls;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's login, roles, CSRF protection and audit log in a real browser against a real
 * cluster whose gateway requires authentication ({@link AdminUiCluster} with {@code auth=true}):
 * the sign-in page, a wrong password refused, an admin's topic creation shown in the Audit page
 * under their name, a viewer without action buttons whose direct POST is refused, POSTs without or
 * with a wrong CSRF token or from another origin refused with nothing created, and sign-out ending
 * the session. Every refusal is checked as the server answers it (status, problem+json), then the
 * gateway is asked that nothing changed. Skipped where Chromium is missing.
 */
@QuarkusTest
@WithTestResource(value = AdminUiCluster.class, initArgs = @ResourceArg(name = "auth", value = "true"))
class ConsoleLoginBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HeadlessChromium chromium;

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "strata.admin-ui.gateway")
    String gateway;

    private final List<BrowserContext> contexts = new ArrayList<>();
    private GatewayCalls calls;

    @BeforeAll
    static void launch() {
        chromium = HeadlessChromium.launchOrSkip();
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void open() {
        calls = new GatewayCalls(gateway, AdminUiCluster.basic(AdminUiCluster.ADMIN, AdminUiCluster.ADMIN_PASSWORD));
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
    }

    @Test
    void aPageAsksForASignInAndAWrongPasswordIsRefusedWithOneMessage() throws Exception {
        Page page = newContext().newPage();
        page.navigate("/topics?q=x");
        assertThat(page).hasURL(Pattern.compile("/login\\?next=%2Ftopics%3Fq%3Dx$"));
        assertThat(page.locator("nav ul")).hasCount(0);
        chromium.screenshot(page, "login");

        signIn(page, AdminUiCluster.ADMIN, "not-the-password");
        assertThat(page.locator("#login-error")).containsText("invalid user name or password");
        signIn(page, "nobody-here", AdminUiCluster.ADMIN_PASSWORD);
        assertThat(page.locator("#login-error")).containsText("invalid user name or password");
        assertThat(page.context().cookies()).as("no session for a wrong password").isEmpty();

        APIResponse script = page.context().request().get("/topics", RequestOptions.create().setHeader("Accept", "*/*"));
        assertProblem(script, 401, "AUTHENTICATION_FAILED");
        APIResponse htmx = page.context().request().get("/topics", RequestOptions.create().setHeader("HX-Request", "true"));
        assertProblem(htmx, 401, "AUTHENTICATION_FAILED");
        assertThat(htmx.headers().get("hx-redirect")).isEqualTo("/login?next=%2Ftopics");

        signIn(page, AdminUiCluster.ADMIN, AdminUiCluster.ADMIN_PASSWORD);
        assertThat(page).hasURL(Pattern.compile("/topics\\?q=x$"));
        assertThat(page.locator("#signed-in-user")).hasText(AdminUiCluster.ADMIN);
        assertThat(page.context().cookies().get(0).httpOnly).isTrue();
        assertThat(page.context().cookies().get(0).sameSite.name()).isEqualTo("STRICT");
    }

    @Test
    void anAdminsTopicCreationIsAuditedUnderTheirNameAndShownInTheAuditPage() throws Exception {
        Page page = signedIn("/login?next=/topics", AdminUiCluster.ADMIN, AdminUiCluster.ADMIN_PASSWORD);
        page.locator("#create-name").fill("audited-orders");
        page.locator("#create-partitions").fill("2");
        page.locator("#create-topic button[type=submit]").click();
        assertThat(page.locator("#topic-name")).hasText("audited-orders");
        assertThat(calls.topicExists("audited-orders")).isTrue();

        page.navigate("/audit?action=topic.create");
        var row = page.locator("#audit tbody tr[data-action='topic.create']").first();
        assertThat(row.locator(".audit-user")).hasText(AdminUiCluster.ADMIN);
        assertThat(row.locator(".audit-target")).hasText("audited-orders");
        assertThat(row.locator(".audit-outcome")).hasText("ok");
        chromium.screenshot(page, "audit");
        page.navigate("/audit?user=" + AdminUiCluster.ADMIN + "&action=login");
        assertThat(page.locator("#audit tbody tr[data-action='login']").first()).isVisible();

        JsonNode topic = calls.json("GET", "/admin/topics/__strata_audit", null);
        assertThat(topic.path("partitions")).hasSize(1);
    }

    @Test
    void aChangeWithoutTheSessionsCsrfTokenOrFromAnotherSiteIsRefusedAndChangesNothing() throws Exception {
        Page page = signedIn("/login", AdminUiCluster.ADMIN, AdminUiCluster.ADMIN_PASSWORD);
        String token = csrfToken(page);
        assertThat(token).hasSize(43);

        assertProblem(post(page, "/topics", form("csrf-none"), null), 403, "CSRF_CHECK_FAILED");
        assertProblem(post(page, "/topics", form("csrf-wrong").set("csrf", token.substring(1) + "x"), null), 403, "CSRF_CHECK_FAILED");
        assertProblem(post(page, "/topics", form("csrf-header-wrong"), RequestOptions.create().setHeader("X-CSRF-Token", "nope")),
                403, "CSRF_CHECK_FAILED");
        assertProblem(post(page, "/topics", form("csrf-evil").set("csrf", token),
                RequestOptions.create().setHeader("Origin", "http://evil.example")), 403, "CSRF_CHECK_FAILED");
        for (String name : List.of("csrf-none", "csrf-wrong", "csrf-header-wrong", "csrf-evil")) {
            assertThat(calls.topicExists(name)).as(name + " was not created").isFalse();
        }

        APIResponse ok = post(page, "/topics", form("csrf-right").set("csrf", token), null);
        assertThat(ok.status()).as("a redirect to the new topic").isEqualTo(303);
        assertThat(calls.topicExists("csrf-right")).isTrue();
    }

    @Test
    void aViewerSeesNoActionsAndTheServerRefusesItsActions() throws Exception {
        calls.createTopic("viewed", 1, 3);
        Page page = signedIn("/login?next=/topics", AdminUiCluster.VIEWER, AdminUiCluster.VIEWER_PASSWORD);
        assertThat(page.locator("#signed-in-role")).hasText("(viewer)");
        assertThat(page.locator("#topics, #empty").first()).isVisible();
        assertThat(page.locator("#create-topic")).hasCount(0);
        page.navigate("/topics/viewed");
        assertThat(page.locator("#topic-name")).hasText("viewed");
        assertThat(page.locator("#delete-topic, #add-partitions")).hasCount(0);
        page.navigate("/topics/viewed/messages");
        assertThat(page.locator("#produce")).hasCount(0);

        String token = csrfToken(page);
        assertProblem(post(page, "/topics", form("viewer-made").set("csrf", token), null), 403, "AUTHORIZATION_FAILED");
        assertProblem(post(page, "/topics/viewed/delete", FormData.create().set("confirm", "viewed").set("csrf", token), null),
                403, "AUTHORIZATION_FAILED");
        assertThat(calls.topicExists("viewer-made")).isFalse();
        assertThat(calls.topicExists("viewed")).isTrue();
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        Page page = signedIn("/login", AdminUiCluster.ADMIN, AdminUiCluster.ADMIN_PASSWORD);
        String token = csrfToken(page);
        String cookie = page.context().cookies().get(0).value;
        page.locator("#logout button").click();
        assertThat(page).hasURL(Pattern.compile("/login\\?signed_out=true$"));
        assertThat(page.locator("#notice")).containsText("signed out");

        page.navigate("/cluster");
        assertThat(page).hasURL(Pattern.compile("/login\\?next=%2Fcluster$"));
        // The old cookie, sent again by hand, no longer opens anything.
        APIResponse replayed = page.context().request().post("/topics", RequestOptions.create()
                .setHeader("Cookie", "strata_console_session=" + cookie).setForm(form("after-logout").set("csrf", token)));
        assertProblem(replayed, 401, "AUTHENTICATION_FAILED");
        assertThat(calls.topicExists("after-logout")).isFalse();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Page admin = signedIn("/login?next=/audit%3Faction%3Dlogout", AdminUiCluster.ADMIN, AdminUiCluster.ADMIN_PASSWORD);
            assertThat(admin.locator("#audit tbody tr[data-action='logout']").first()).isVisible();
        });
    }

    private BrowserContext newContext() {
        BrowserContext context = chromium.context(base, ColorScheme.LIGHT);
        contexts.add(context);
        return context;
    }

    /** A new browser's page, signed in as {@code user} from the sign-in page at {@code login}. */
    private Page signedIn(String login, String user, String password) {
        Page page = newContext().newPage();
        page.navigate(login);
        signIn(page, user, password);
        return page;
    }

    private static String csrfToken(Page page) {
        return page.locator("meta[name=csrf-token]").getAttribute("content");
    }

    private static void signIn(Page page, String user, String password) {
        page.locator("#login-user").fill(user);
        page.locator("#login-password").fill(password);
        page.locator("#login button[type=submit]").click();
        page.waitForLoadState();
    }

    private static FormData form(String topic) {
        return FormData.create().set("name", topic).set("partitions", "1");
    }

    private static APIResponse post(Page page, String path, FormData form, RequestOptions options) {
        RequestOptions request = options == null ? RequestOptions.create() : options;
        return page.context().request().post(path, request.setForm(form).setMaxRedirects(0));
    }

    private static void assertProblem(APIResponse response, int status, String code) throws Exception {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.text());
        assertThat(problem.path("error_code").asText()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
    }
}
