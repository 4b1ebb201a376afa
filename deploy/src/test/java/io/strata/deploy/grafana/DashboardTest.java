package io.strata.deploy.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard ({@code deploy/grafana/strata.json}) is valid JSON, every panel queries
 * something, and every metric its PromQL names is one the root README's "Metrics" table
 * documents (a histogram's {@code _bucket}/{@code _count}/{@code _sum} series count as the
 * histogram), so a renamed metric cannot leave a dashboard panel silently empty.
 */
class DashboardTest {

    private static final Path DASHBOARD = Path.of("grafana", "strata.json");
    private static final Path README = Path.of("..", "README.md");
    /** A PromQL identifier followed by a selector, a range or the end of an argument. */
    private static final Pattern METRIC = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\s*(?=\\{|\\[|\\)|$|\\s*[-+*/])");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "rate", "increase", "by", "without",
            "histogram_quantile", "count", "le", "irate", "delta", "topk", "bottomk", "abs");
    private static final Pattern TABLE_NAME = Pattern.compile("`([a-z_][a-z0-9_]*)`");

    @Test
    void everyMetricTheDashboardQueriesIsDocumented() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        assertThat(dashboard.path("title").asText()).isEqualTo("Strata");
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("targets")).as("targets of panel '%s'", panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
        }
        Set<String> queried = metricsIn(expressions);
        assertThat(queried).contains("strata_node_under_replicated_partitions", "strata_consumer_group_lag_records",
                "strata_gateway_retries_total", "strata_coordinator_rebalances_total");

        Set<String> documented = documentedMetrics();
        for (String metric : queried) {
            assertThat(documented).as("%s, queried by the dashboard, in the README's Metrics table", metric)
                    .containsAnyOf(metric, histogramOf(metric));
        }
    }

    private static Set<String> metricsIn(List<String> expressions) {
        Set<String> metrics = new TreeSet<>();
        for (String expression : expressions) {
            // label names inside braces and by (...) clauses are not metrics
            String stripped = expression.replaceAll("\\{[^}]*}", "{}").replaceAll("\\b(by|without)\\s*\\([^)]*\\)", "");
            Matcher matcher = METRIC.matcher(stripped);
            while (matcher.find()) {
                if (!PROMQL_WORDS.contains(matcher.group(1))) {
                    metrics.add(matcher.group(1));
                }
            }
        }
        return metrics;
    }

    /** Every backticked name in the rows of the README's "#### Metrics" table. */
    private static Set<String> documentedMetrics() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("#### Metrics");
        assertThat(start).as("a '#### Metrics' section in the README").isNotNegative();
        int end = readme.indexOf("\n#", start + 1);
        Set<String> names = new TreeSet<>();
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (line.startsWith("| `")) {
                Matcher matcher = TABLE_NAME.matcher(line.substring(0, line.indexOf('|', 2)));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    private static String histogramOf(String series) {
        return series.replaceFirst("_(bucket|count|sum)$", "");
    }
}
