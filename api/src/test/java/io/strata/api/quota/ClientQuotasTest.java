package io.strata.api.quota;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.strata.api.quota.QuotaKey.CONSUMER_BYTE_RATE;
import static io.strata.api.quota.QuotaKey.PRODUCER_BYTE_RATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientQuotasTest {

    private static final EntityPart D = EntityPart.DEFAULT;

    private static EntityPart n(String name) {
        return EntityPart.named(name);
    }

    /** The eight levels of KIP-55, most specific first, each with its own value (its position). */
    private static final List<QuotaEntity> LEVELS = List.of(
            new QuotaEntity(n("alice"), n("app")), new QuotaEntity(n("alice"), D), new QuotaEntity(n("alice"), null),
            new QuotaEntity(D, n("app")), new QuotaEntity(D, D), new QuotaEntity(D, null),
            new QuotaEntity(null, n("app")), new QuotaEntity(null, D));

    @Test
    void levelsAreKafkasEightInPrecedenceOrder() {
        assertThat(QuotaEntity.levels("alice", "app")).containsExactlyElementsOf(LEVELS);
        assertThat(LEVELS.get(0)).hasToString("user=alice, client-id=app");
        assertThat(LEVELS.get(7)).hasToString("client-id=<default>");
    }

    @Test
    void theMostSpecificLevelWithAValueWinsAndRemovingItFallsToTheNext() {
        List<ClientQuota> all = new ArrayList<>();
        for (int i = 0; i < LEVELS.size(); i++) {
            all.add(new ClientQuota(LEVELS.get(i), PRODUCER_BYTE_RATE, 1000 + i));
        }
        for (int i = 0; i < LEVELS.size(); i++) {
            ClientQuotas quotas = ClientQuotas.of(all.subList(i, all.size()));
            ClientQuotas.Applied applied = quotas.applied(PRODUCER_BYTE_RATE, "alice", "app").orElseThrow();
            assertThat(applied.bytesPerSecond()).as("levels %d.. set", i).isEqualTo(1000 + i);
            assertThat(applied.entity()).isEqualTo(LEVELS.get(i));
        }
        assertThat(ClientQuotas.of(all).applied(CONSUMER_BYTE_RATE, "alice", "app")).as("each key on its own").isEmpty();
        assertThat(ClientQuotas.NONE.applied(PRODUCER_BYTE_RATE, "alice", "app")).isEmpty();
    }

    @Test
    void otherNamesDoNotMatchButDefaultsDo() {
        ClientQuotas quotas = ClientQuotas.of(List.of(new ClientQuota(new QuotaEntity(n("bob"), null), PRODUCER_BYTE_RATE, 5),
                new ClientQuota(new QuotaEntity(null, n("other")), PRODUCER_BYTE_RATE, 6)));
        assertThat(quotas.applied(PRODUCER_BYTE_RATE, "alice", "app")).isEmpty();
        ClientQuotas withDefault = ClientQuotas.of(List.of(new ClientQuota(new QuotaEntity(D, null), PRODUCER_BYTE_RATE, 7)));
        assertThat(withDefault.applied(PRODUCER_BYTE_RATE, "alice", "app").orElseThrow().bytesPerSecond()).isEqualTo(7);
    }

    @Test
    void theMeterGroupsConnectionsAsTheMatchedLevelDoes() {
        ClientQuotas userDefault = ClientQuotas.of(List.of(new ClientQuota(new QuotaEntity(D, null), PRODUCER_BYTE_RATE, 7)));
        assertThat(userDefault.applied(PRODUCER_BYTE_RATE, "alice", "app").orElseThrow().meter())
                .as("a user default meters each user on its own, across its client ids")
                .isEqualTo(new ClientQuotas.MeterKey(PRODUCER_BYTE_RATE, "alice", ""));
        ClientQuotas clientOnly = ClientQuotas.of(List.of(new ClientQuota(new QuotaEntity(null, n("app")), PRODUCER_BYTE_RATE, 7)));
        assertThat(clientOnly.applied(PRODUCER_BYTE_RATE, "alice", "app").orElseThrow().meter())
                .isEqualTo(new ClientQuotas.MeterKey(PRODUCER_BYTE_RATE, "", "app"));
        ClientQuotas both = ClientQuotas.of(List.of(new ClientQuota(new QuotaEntity(n("alice"), D), PRODUCER_BYTE_RATE, 7)));
        assertThat(both.applied(PRODUCER_BYTE_RATE, "alice", "app").orElseThrow().meter())
                .isEqualTo(new ClientQuotas.MeterKey(PRODUCER_BYTE_RATE, "alice", "app"));
    }

    @Test
    void keysAndValuesAreCheckedNamingWhatIsWrong() {
        assertThat(QuotaKey.parse("producer_byte_rate")).isEqualTo(PRODUCER_BYTE_RATE);
        assertThatThrownBy(() -> QuotaKey.parse("request_percentage")).hasMessageStartingWith("request_percentage: this quota is not enforced");
        assertThatThrownBy(() -> QuotaKey.parse("bytes")).hasMessageContaining("'bytes' is not a client quota key");
        assertThat(PRODUCER_BYTE_RATE.checkedValue(1024.0)).isEqualTo(1024);
        assertThatThrownBy(() -> PRODUCER_BYTE_RATE.checkedValue(0.5)).hasMessage(
                "producer_byte_rate: 0.5 is not a whole number of bytes per second of at least 1");
        assertThatThrownBy(() -> CONSUMER_BYTE_RATE.checkedValue(-3)).hasMessageStartingWith("consumer_byte_rate: -3.0");
        assertThatThrownBy(() -> QuotaEntity.of(Map.of("ip", "10.0.0.1"))).hasMessageContaining("entity type 'ip' is not supported");
        assertThatThrownBy(() -> QuotaEntity.of(Map.of())).hasMessageContaining("needs a user, a client-id or both");
        java.util.Map<String, String> user = new java.util.HashMap<>();
        user.put("user", null);
        assertThat(QuotaEntity.of(user)).isEqualTo(new QuotaEntity(D, null));
    }
}
