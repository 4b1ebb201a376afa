package io.strata.metadata.quota;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.quota.ClientQuota;
import io.strata.api.quota.QuotaEntity;
import io.strata.api.quota.QuotaKey;
import io.strata.api.quota.QuotaMessages;
import io.strata.api.v1.AlterClientQuotasRequest;
import io.strata.api.v1.AlterClientQuotasResponse;
import io.strata.api.v1.DescribeClientQuotasResponse;
import io.strata.api.v1.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The client quotas of the Kafka listener: alter (set or remove a key's value on an entity) and
 * describe (all of them; nodes cache the whole set and filter it themselves).
 *
 * <p>Invariants: every stored value passed the model's checks (an enforced key, a whole rate of at
 * least 1 byte/s, an entity of user and/or client id); an invalid alteration fails the whole call
 * with INVALID_REQUEST naming its position and what is wrong, and nothing is written; an entity
 * holds at most one value per key; at most {@link #MAX_QUOTAS} values are kept. Not a metadata
 * change (no version, no watch event): nodes re-read quotas within their cache's TTL. Every change
 * is logged (INFO). Thread-safe (stateless; each call is one transaction).
 */
@ApplicationScoped
public class QuotaService {

    /** The most quota values kept; an alteration that would pass it is refused (INVALID_REQUEST) and writes nothing. */
    public static final int MAX_QUOTAS = 100_000;

    private static final Logger LOG = Logger.getLogger(QuotaService.class);
    private static final Comparator<ClientQuota> ORDER = Comparator.comparing((ClientQuota q) -> q.entity().toString())
            .thenComparing(ClientQuota::key);

    private final Clock clock;

    public QuotaService(Clock clock) {
        this.clock = clock;
    }

    private record Slot(QuotaEntity entity, QuotaKey key) {
    }

    @WithTransaction
    public Uni<AlterClientQuotasResponse> alter(AlterClientQuotasRequest request) {
        List<QuotaMessages.Alteration> alterations = new ArrayList<>();
        for (int i = 0; i < request.getAlterationsCount(); i++) {
            try {
                alterations.add(QuotaMessages.alteration(request.getAlterations(i)));
            } catch (IllegalArgumentException e) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "quota alteration " + i + ": " + e.getMessage());
            }
        }
        return StoredClientQuota.<StoredClientQuota>listAll().chain(rows -> apply(rows, alterations));
    }

    private Uni<AlterClientQuotasResponse> apply(List<StoredClientQuota> rows, List<QuotaMessages.Alteration> alterations) {
        Map<Slot, StoredClientQuota> stored = new HashMap<>();
        rows.forEach(row -> stored.put(new Slot(row.entity(), QuotaKey.parse(row.quotaKey)), row));
        Map<Slot, QuotaMessages.Alteration> last = new HashMap<>();
        alterations.forEach(a -> last.put(new Slot(a.entity(), a.key()), a));
        long added = last.entrySet().stream().filter(e -> !e.getValue().remove() && !stored.containsKey(e.getKey())).count();
        if (stored.size() + added > MAX_QUOTAS) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "quotas: " + stored.size() + " stored and " + added
                    + " new would pass the limit of " + MAX_QUOTAS);
        }
        long now = clock.millis();
        List<StoredClientQuota> upserts = new ArrayList<>();
        List<Long> removed = new ArrayList<>();
        for (Map.Entry<Slot, QuotaMessages.Alteration> entry : last.entrySet()) {
            QuotaMessages.Alteration a = entry.getValue();
            StoredClientQuota row = stored.get(entry.getKey());
            if (a.remove()) {
                if (row != null) {
                    removed.add(row.id);
                    LOG.infof("client quota removed: %s %s", a.entity(), a.key());
                }
            } else if (row == null || row.quotaValue != a.value()) {
                StoredClientQuota changed = Objects.requireNonNullElseGet(row, () -> StoredClientQuota.of(a.entity(), a.key(), a.value(), now));
                changed.quotaValue = a.value();
                changed.updatedMs = now;
                upserts.add(changed);
                LOG.infof("client quota set: %s %s=%d", a.entity(), a.key(), a.value());
            }
        }
        AlterClientQuotasResponse response = AlterClientQuotasResponse.newBuilder().setChanged(upserts.size() + removed.size()).build();
        Uni<Void> persisted = upserts.isEmpty() ? Uni.createFrom().voidItem() : StoredClientQuota.persist(upserts);
        return persisted.chain(() -> removed.isEmpty() ? Uni.createFrom().item(0L) : StoredClientQuota.delete("id in ?1", removed))
                .replaceWith(response);
    }

    @WithTransaction
    public Uni<DescribeClientQuotasResponse> describe() {
        return StoredClientQuota.<StoredClientQuota>listAll().map(rows -> DescribeClientQuotasResponse.newBuilder()
                .addAllQuotas(rows.stream().map(StoredClientQuota::quota).sorted(ORDER).map(QuotaMessages::message).toList())
                .build());
    }
}
