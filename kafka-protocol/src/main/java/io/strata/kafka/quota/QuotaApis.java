package io.strata.kafka.quota;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.backend.QuotaStore;

import java.util.List;

/**
 * Kafka's client quota APIs (DescribeClientQuotas, AlterClientQuotas, so {@code kafka-configs}
 * and {@code Admin.describeClientQuotas}/{@code alterClientQuotas} work), backed by the metadata
 * service's quotas; {@link QuotaGate} enforces them.
 */
public final class QuotaApis {

    private QuotaApis() {
    }

    public static List<KafkaApiHandler> handlers(QuotaStore store, QuotaCache cache) {
        return List.of(new DescribeClientQuotasHandler(store), new AlterClientQuotasHandler(store, cache));
    }
}
