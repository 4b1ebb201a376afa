package io.strata.kafka.quota;

import io.strata.api.quota.QuotaEntity;
import io.strata.api.quota.QuotaMessages;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.QuotaStore;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.AlterClientQuotasRequestData.EntityData;
import org.apache.kafka.common.message.AlterClientQuotasRequestData.EntryData;
import org.apache.kafka.common.message.AlterClientQuotasRequestData.OpData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * AlterClientQuotas v0–v1 ({@code kafka-configs --alter --add-config 'producer_byte_rate=1024'
 * --entity-type users --entity-name alice}, {@code Admin.alterClientQuotas}).
 *
 * <p>Each entry is checked here: an entity of user and/or client id, enforced keys only
 * ({@code request_percentage} and Kafka's other keys answer INVALID_REQUEST naming them), whole
 * rates of at least 1 byte/s. An invalid entry is answered alone with INVALID_REQUEST and its
 * message; the valid ones are stored together in one call to the metadata service (unless
 * {@code validate_only}) and the node's quota cache re-read before the answer, so they are in
 * force on this node when the client hears back (on the others within their cache's TTL). Stateless.
 */
final class AlterClientQuotasHandler implements KafkaApiHandler {

    private final QuotaStore store;
    private final QuotaCache cache;

    AlterClientQuotasHandler(QuotaStore store, QuotaCache cache) {
        this.store = store;
        this.cache = cache;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CLIENT_QUOTAS;
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
        AlterClientQuotasRequestData data = request.data();
        Map<EntryData, String> invalid = new HashMap<>();
        List<QuotaMessages.Alteration> valid = new ArrayList<>();
        for (EntryData entry : data.entries()) {
            try {
                valid.addAll(alterations(entry));
            } catch (IllegalArgumentException e) {
                invalid.put(entry, e.getMessage());
            }
        }
        CompletionStage<Void> stored = data.validateOnly() || valid.isEmpty() ? CompletableFuture.completedFuture(null)
                : store.alter(valid).thenCompose(changed -> cache.refresh()).thenApply(quotas -> null);
        return stored.handle((ok, failure) -> answer(data, invalid, failure));
    }

    private static List<QuotaMessages.Alteration> alterations(EntryData entry) {
        Map<String, String> components = new LinkedHashMap<>();
        for (EntityData part : entry.entity()) {
            if (components.containsKey(part.entityType())) {
                throw new IllegalArgumentException("entity type '" + part.entityType() + "' appears twice");
            }
            components.put(part.entityType(), part.entityName());
        }
        QuotaEntity entity = QuotaEntity.of(components);
        List<QuotaMessages.Alteration> alterations = new ArrayList<>();
        for (OpData op : entry.ops()) {
            alterations.add(QuotaMessages.Alteration.of(entity, op.key(), op.value(), op.remove()));
        }
        return alterations;
    }

    private static ApiMessage answer(AlterClientQuotasRequestData data, Map<EntryData, String> invalid, Throwable failure) {
        List<AlterClientQuotasResponseData.EntryData> entries = new ArrayList<>();
        for (EntryData entry : data.entries()) {
            String problem = invalid.get(entry);
            Errors error = problem != null ? Errors.INVALID_REQUEST : failure != null ? KafkaErrors.of(failure) : Errors.NONE;
            String message = problem != null ? problem : failure != null ? KafkaErrors.asApiException(failure).getMessage() : null;
            entries.add(new AlterClientQuotasResponseData.EntryData().setErrorCode(error.code()).setErrorMessage(message)
                    .setEntity(entry.entity().stream().map(e -> new AlterClientQuotasResponseData.EntityData()
                            .setEntityType(e.entityType()).setEntityName(e.entityName())).toList()));
        }
        return new AlterClientQuotasResponseData().setEntries(entries);
    }
}
