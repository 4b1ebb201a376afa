package io.strata.kafka.quota;

import io.strata.api.quota.ClientQuota;
import io.strata.api.quota.ClientQuotas;
import io.strata.api.quota.QuotaKey;
import io.strata.api.quota.QuotaMessages;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.backend.QuotaStore;
import io.strata.kafka.testing.Requests;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterClientQuotasRequest;
import org.apache.kafka.common.requests.DescribeClientQuotasRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaApisTest {

    /** The metadata service's quotas, in memory. */
    private static final class MemoryStore implements QuotaStore {
        final List<ClientQuota> quotas = new ArrayList<>();

        public CompletionStage<Integer> alter(List<QuotaMessages.Alteration> alterations) {
            for (QuotaMessages.Alteration a : alterations) {
                quotas.removeIf(q -> q.entity().equals(a.entity()) && q.key() == a.key());
                if (!a.remove()) {
                    quotas.add(new ClientQuota(a.entity(), a.key(), a.value()));
                }
            }
            return CompletableFuture.completedFuture(alterations.size());
        }

        public CompletionStage<List<ClientQuota>> quotas() {
            return CompletableFuture.completedFuture(List.copyOf(quotas));
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final QuotaCache cache = new QuotaCache(store::quotas, Duration.ofHours(1), System::nanoTime);
    private final List<KafkaApiHandler> handlers = QuotaApis.handlers(store, cache);

    private static AlterClientQuotasRequestData.EntryData entry(String type, String name, String key, double value) {
        return new AlterClientQuotasRequestData.EntryData()
                .setEntity(List.of(new AlterClientQuotasRequestData.EntityData().setEntityType(type).setEntityName(name)))
                .setOps(List.of(new AlterClientQuotasRequestData.OpData().setKey(key).setValue(value)));
    }

    @Test
    void anInvalidEntryIsAnsweredAloneAndTheOthersAreInForceAtOnce() throws Exception {
        AlterClientQuotasResponseData altered = Requests.call(handlers.get(1), new AlterClientQuotasRequest(
                new AlterClientQuotasRequestData().setEntries(List.of(entry("user", "alice", "producer_byte_rate", 1024),
                        entry("user", "bob", "request_percentage", 50), entry("ip", "10.0.0.1", "producer_byte_rate", 1),
                        entry("client-id", null, "consumer_byte_rate", 0.5))), (short) 1));
        assertThat(altered.entries()).extracting(e -> Errors.forCode(e.errorCode()))
                .containsExactly(Errors.NONE, Errors.INVALID_REQUEST, Errors.INVALID_REQUEST, Errors.INVALID_REQUEST);
        assertThat(altered.entries().get(1).errorMessage()).startsWith("request_percentage: this quota is not enforced by Strata");
        assertThat(altered.entries().get(2).errorMessage()).contains("entity type 'ip' is not supported");
        assertThat(altered.entries().get(3).errorMessage()).contains("consumer_byte_rate: 0.5 is not a whole number");
        assertThat(store.quotas).hasSize(1);
        ClientQuotas inForce = cache.quotas().toCompletableFuture().join();
        assertThat(inForce.applied(QuotaKey.PRODUCER_BYTE_RATE, "alice", "any")).as("in force on this node before the answer")
                .hasValueSatisfying(a -> assertThat(a.bytesPerSecond()).isEqualTo(1024));
    }

    @Test
    void describeSelectsByExactDefaultAndSpecifiedComponentsStrictOrNot() throws Exception {
        Requests.call(handlers.get(1), new AlterClientQuotasRequest(new AlterClientQuotasRequestData().setEntries(List.of(
                entry("user", "alice", "producer_byte_rate", 1024), entry("user", null, "producer_byte_rate", 512),
                entry("client-id", "app", "consumer_byte_rate", 2048),
                new AlterClientQuotasRequestData.EntryData().setEntity(List.of(
                        new AlterClientQuotasRequestData.EntityData().setEntityType("user").setEntityName("alice"),
                        new AlterClientQuotasRequestData.EntityData().setEntityType("client-id").setEntityName("app")))
                        .setOps(List.of(new AlterClientQuotasRequestData.OpData().setKey("producer_byte_rate").setValue(99))))), (short) 1));
        assertThat(describe(true, component("user", (byte) 0, "alice"))).containsExactly("user=alice");
        assertThat(describe(false, component("user", (byte) 0, "alice"))).containsExactly("user=alice", "user=alice, client-id=app");
        assertThat(describe(true, component("user", (byte) 1, null))).containsExactly("user=<default>");
        assertThat(describe(false, component("client-id", (byte) 2, null))).containsExactly("client-id=app", "user=alice, client-id=app");
        assertThat(describe(false)).hasSize(4);
        DescribeClientQuotasResponseData bad = Requests.call(handlers.get(0), new DescribeClientQuotasRequest(
                new DescribeClientQuotasRequestData().setComponents(List.of(component("user", (byte) 0, "a"), component("user", (byte) 0, "b"))),
                (short) 1));
        assertThat(Errors.forCode(bad.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(bad.errorMessage()).contains("'user' appears twice");
    }

    private static DescribeClientQuotasRequestData.ComponentData component(String type, byte match, String name) {
        return new DescribeClientQuotasRequestData.ComponentData().setEntityType(type).setMatchType(match).setMatch(name);
    }

    private List<String> describe(boolean strict, DescribeClientQuotasRequestData.ComponentData... components) throws Exception {
        DescribeClientQuotasResponseData answer = Requests.call(handlers.get(0), new DescribeClientQuotasRequest(
                new DescribeClientQuotasRequestData().setStrict(strict).setComponents(List.of(components)), (short) 1));
        assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NONE);
        return answer.entries().stream().map(e -> String.join(", ", e.entity().stream()
                .map(p -> p.entityType() + "=" + (p.entityName() == null ? "<default>" : p.entityName())).toList())).sorted().toList();
    }
}
