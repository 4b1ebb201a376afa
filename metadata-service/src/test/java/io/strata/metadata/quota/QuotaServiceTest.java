package io.strata.metadata.quota;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.AlterClientQuotasRequest;
import io.strata.api.v1.ClientQuotaAlteration;
import io.strata.api.v1.ClientQuotaEntity;
import io.strata.api.v1.ClientQuotaValue;
import io.strata.api.v1.DescribeClientQuotasRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.QuotaEntityPart;
import io.strata.metadata.MetadataServiceTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.strata.metadata.MetadataChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class QuotaServiceTest extends MetadataServiceTestBase {

    private static ClientQuotaEntity user(String name) {
        return ClientQuotaEntity.newBuilder().setUser(QuotaEntityPart.newBuilder().setName(name)).build();
    }

    private static ClientQuotaAlteration set(ClientQuotaEntity entity, String key, double value) {
        return ClientQuotaAlteration.newBuilder().setEntity(entity).setKey(key).setValue(value).build();
    }

    private List<ClientQuotaValue> quotasOf(ClientQuotaEntity entity) {
        return metadata.describeClientQuotas(DescribeClientQuotasRequest.getDefaultInstance()).getQuotasList().stream()
                .filter(q -> q.getEntity().equals(entity)).toList();
    }

    @Test
    void setsReplacesAndRemovesValuesPerEntityAndKey() {
        ClientQuotaEntity alice = user("alice-" + UUID.randomUUID());
        ClientQuotaEntity aliceDefaultClient = alice.toBuilder().setClientId(QuotaEntityPart.newBuilder().setIsDefault(true)).build();
        assertThat(metadata.alterClientQuotas(AlterClientQuotasRequest.newBuilder().addAlterations(set(alice, "producer_byte_rate", 1024))
                .addAlterations(set(alice, "consumer_byte_rate", 2048)).addAlterations(set(aliceDefaultClient, "producer_byte_rate", 512))
                .build()).getChanged()).isEqualTo(3);
        assertThat(quotasOf(alice)).extracting(ClientQuotaValue::getKey, ClientQuotaValue::getValue)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("producer_byte_rate", 1024.0),
                        org.assertj.core.groups.Tuple.tuple("consumer_byte_rate", 2048.0));
        assertThat(quotasOf(aliceDefaultClient)).hasSize(1);

        metadata.alterClientQuotas(AlterClientQuotasRequest.newBuilder().addAlterations(set(alice, "producer_byte_rate", 4096))
                .addAlterations(ClientQuotaAlteration.newBuilder().setEntity(alice).setKey("consumer_byte_rate").setRemove(true)).build());
        assertThat(quotasOf(alice)).singleElement().satisfies(q -> {
            assertThat(q.getKey()).isEqualTo("producer_byte_rate");
            assertThat(q.getValue()).isEqualTo(4096.0);
        });
    }

    @Test
    void refusesAnInvalidAlterationNamingItAndWritesNothing() {
        ClientQuotaEntity bob = user("bob-" + UUID.randomUUID());
        assertRefused(() -> metadata.alterClientQuotas(AlterClientQuotasRequest.newBuilder().addAlterations(set(bob, "producer_byte_rate", 100))
                        .addAlterations(set(bob, "request_percentage", 50)).build()),
                ErrorCode.INVALID_REQUEST, "quota alteration 1: request_percentage: this quota is not enforced by Strata");
        assertRefused(() -> metadata.alterClientQuotas(AlterClientQuotasRequest.newBuilder().addAlterations(set(bob, "producer_byte_rate", 0.5))
                        .build()),
                ErrorCode.INVALID_REQUEST, "quota alteration 0: producer_byte_rate: 0.5 is not a whole number");
        assertRefused(() -> metadata.alterClientQuotas(AlterClientQuotasRequest.newBuilder()
                        .addAlterations(set(ClientQuotaEntity.getDefaultInstance(), "producer_byte_rate", 100)).build()),
                ErrorCode.INVALID_REQUEST, "quota alteration 0: entity: needs a user, a client-id or both");
        assertThat(quotasOf(bob)).isEmpty();
    }
}
