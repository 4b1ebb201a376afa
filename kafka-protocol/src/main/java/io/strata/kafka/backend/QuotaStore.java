package io.strata.kafka.backend;

import io.strata.api.quota.ClientQuota;
import io.strata.api.quota.QuotaMessages;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The metadata service's client quotas as the Kafka listener needs them: every value (for the
 * cache the listener enforces with, and for DescribeClientQuotas) and alterations. Stages fail
 * with {@link io.strata.api.error.StrataException}; none blocks its caller.
 */
public interface QuotaStore {

    /** Applies every alteration or none; answers how many stored values changed. */
    CompletionStage<Integer> alter(List<QuotaMessages.Alteration> alterations);

    /** Every quota value of the cluster. */
    CompletionStage<List<ClientQuota>> quotas();
}
