package io.strata.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.deploy.cli.gateway.GatewayClient;

import java.io.PrintStream;

/**
 * What every verb is given: the gateway, whether to print JSON for scripts ({@code --json}) or
 * tables for people, and where output (stdout: results only) and diagnostics (stderr: progress,
 * notes) go. Immutable; one per command.
 */
public record Invocation(GatewayClient gateway, boolean json, PrintStream out, PrintStream err) {

    /** Prints a JSON tree as one line on stdout. */
    public void printJson(JsonNode node) {
        out.println(node.toString());
    }
}
