package io.strata.adminui.problem;

import io.quarkus.qute.TemplateData;

/**
 * A problem as the pages show it: the title and detail to read, the stable code to search for.
 * Immutable.
 */
@TemplateData
public record ProblemView(int status, String errorCode, String title, String detail) {

    public static ProblemView of(ConsoleProblem problem) {
        return new ProblemView(problem.status(), problem.errorCode(), problem.title(), problem.detail());
    }
}
