package io.strata.kafka.quota;

import io.strata.api.quota.ClientQuotas;
import io.strata.api.quota.QuotaEntity;
import io.strata.api.quota.QuotaKey;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.QuotaStore;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.EntityData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.EntryData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.ValueData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeClientQuotas v0–v1 ({@code kafka-configs --describe --entity-type users|clients},
 * {@code Admin.describeClientQuotas}): the metadata service's quotas, read fresh, that the
 * request's filter selects ({@link QuotaFilter}); a filter that is not valid is answered with
 * INVALID_REQUEST naming what is wrong. Stateless.
 */
final class DescribeClientQuotasHandler implements KafkaApiHandler {

    private final QuotaStore store;

    DescribeClientQuotasHandler(QuotaStore store) {
        this.store = store;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLIENT_QUOTAS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        DescribeClientQuotasRequestData data = request.data();
        QuotaFilter filter;
        try {
            filter = QuotaFilter.of(data.components(), data.strict());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new DescribeClientQuotasResponseData()
                    .setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(e.getMessage()).setEntries(null));
        }
        return store.quotas().thenApply(quotas -> answer(ClientQuotas.of(quotas), filter));
    }

    private static ApiMessage answer(ClientQuotas quotas, QuotaFilter filter) {
        List<EntryData> entries = new ArrayList<>();
        quotas.values().entrySet().stream().filter(e -> filter.matches(e.getKey()))
                .sorted(Comparator.comparing(e -> e.getKey().toString()))
                .forEach(e -> entries.add(entry(e.getKey(), e.getValue())));
        return new DescribeClientQuotasResponseData().setErrorCode(Errors.NONE.code()).setEntries(entries);
    }

    private static EntryData entry(QuotaEntity entity, Map<QuotaKey, Long> values) {
        List<EntityData> parts = new ArrayList<>();
        if (entity.user() != null) {
            parts.add(new EntityData().setEntityType(QuotaEntity.USER).setEntityName(entity.user().name()));
        }
        if (entity.clientId() != null) {
            parts.add(new EntityData().setEntityType(QuotaEntity.CLIENT_ID).setEntityName(entity.clientId().name()));
        }
        List<ValueData> valueData = values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(v -> new ValueData().setKey(v.getKey().kafkaName()).setValue(v.getValue())).toList();
        return new EntryData().setEntity(parts).setValues(new ArrayList<>(valueData));
    }
}
