package io.strata.deploy.cli.group;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.args.Args;
import io.strata.deploy.cli.gateway.GatewayClient;

import java.util.List;

/**
 * The body of {@code POST /admin/groups/{g}/offsets/reset} from {@code group reset}'s words:
 * {@code --to earliest|latest|offset:N|time:T} (T in ms or ISO-8601) and one or more
 * {@code --topic NAME[:P,P…]} (no partitions: all of them). Pure.
 */
final class ResetSpec {

    private ResetSpec() {
    }

    static ObjectNode body(String to, List<String> topics) {
        ObjectNode body = GatewayClient.mapper().createObjectNode();
        if (to.equals("earliest") || to.equals("latest")) {
            body.put("to", to);
        } else if (to.startsWith("offset:")) {
            body.put("to", "offset").put("offset", number(to.substring("offset:".length()), "--to offset:N"));
        } else if (to.startsWith("time:")) {
            body.put("to", "timestamp").put("timestamp", Args.epochMillis("--to time:", to.substring("time:".length())));
        } else {
            throw CliException.usage("--to wants earliest, latest, offset:N or time:MS|ISO-8601, got '" + to + "'");
        }
        if (topics.isEmpty()) {
            throw CliException.usage("group reset wants --topic NAME[:P,P...] (one or more)");
        }
        ArrayNode array = body.putArray("topics");
        for (String topic : topics) {
            int colon = topic.lastIndexOf(':');
            ObjectNode entry = array.addObject().put("topic", colon < 0 ? topic : topic.substring(0, colon));
            if (colon >= 0) {
                ArrayNode partitions = entry.putArray("partitions");
                for (String p : topic.substring(colon + 1).split(",")) {
                    partitions.add((int) number(p, "--topic " + topic));
                }
            }
        }
        return body;
    }

    private static long number(String value, String what) {
        try {
            long n = Long.parseLong(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw CliException.usage(what + ": '" + value + "' is not a whole number of 0 or more");
        }
    }
}
