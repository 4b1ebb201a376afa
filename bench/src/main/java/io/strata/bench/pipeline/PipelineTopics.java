package io.strata.bench.pipeline;

/**
 * The topics and group of one pipeline run, named after its start time so that a run never reads
 * another's records. Immutable.
 */
record PipelineTopics(String prices, String orders, String group) {

    static PipelineTopics forRun(long runId) {
        return new PipelineTopics("prices-bench-" + runId, "orders-bench-" + runId, "pricer-bench-" + runId);
    }
}
