package io.strata.adminui.problem;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The console's one exception mapper: every failure is shown as its problem's title, detail and code,
 * with the problem's HTTP status.
 *
 * <ul>
 *   <li>An htmx request (header {@code HX-Request}) gets only the problem region, and headers that
 *       make htmx swap it into the page's {@code #problem} region in place of the target it asked
 *       for: the page, and whatever the user typed in its forms, stays as it was.</li>
 *   <li>Any other request (a link followed, a form posted without JavaScript) gets a whole page
 *       with the problem and the navigation.</li>
 * </ul>
 * A failure that is not a {@link ConsoleProblem} is a bug: logged with its stack trace and shown
 * as a 500.
 */
public class ConsoleProblemMapper {

    private static final System.Logger LOG = System.getLogger(ConsoleProblemMapper.class.getName());

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance problemPage(ProblemView problem);

        static native TemplateInstance problemRegion(ProblemView problem);
    }

    @ServerExceptionMapper
    public Response problem(ConsoleProblem problem, HttpHeaders headers) {
        return respond(ProblemView.of(problem), headers);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException failure, HttpHeaders headers) {
        int status = failure.getResponse().getStatus();
        String detail = status == 404 ? "no page here: check the address" : failure.getMessage();
        return respond(new ProblemView(status, "INVALID_REQUEST", failure.getResponse().getStatusInfo().getReasonPhrase(),
                detail == null ? "HTTP " + status : detail), headers);
    }

    @ServerExceptionMapper
    public Response any(Throwable failure, HttpHeaders headers) {
        LOG.log(System.Logger.Level.ERROR, "unexpected failure of a console request", failure);
        return respond(new ProblemView(500, "UNKNOWN_SERVER_ERROR", "Unexpected error",
                "the console failed unexpectedly (" + failure.getClass().getSimpleName() + "); its log has the details"), headers);
    }

    private static Response respond(ProblemView problem, HttpHeaders headers) {
        if (headers != null && headers.getHeaderString("HX-Request") != null) {
            return Response.status(problem.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header("HX-Retarget", "#problem")
                    .header("HX-Reswap", "outerHTML")
                    .header("HX-Reselect", "#problem")
                    .entity(Templates.problemRegion(problem).render()).build();
        }
        return Response.status(problem.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.problemPage(problem).render()).build();
    }
}
