package io.strata.adminui.acl;

import io.strata.adminui.problem.ConsoleProblem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ACL filter as URL and gateway parameters, the create form's defaults, and the notices. Pure. */
class AclSelectionTest {

    @Test
    void theFilterKeepsOnlyChosenValuesEscapedInLinks() {
        AclSelection selection = new AclSelection(" User:a&b ", null, "orders-", "");
        assertThat(selection.query()).isEqualTo("&principal=User%3Aa%26b&resource_name=orders-");
        assertThat(selection.queryString()).isEqualTo("?principal=User%3Aa%26b&resource_name=orders-");
        assertThat(selection.describe()).isEqualTo("principal User:a&b, resource_name orders-");
        assertThat(selection.parameters()).containsEntry("principal", "User:a&b").containsEntry("resource_type", "");
        assertThat(selection.empty()).isFalse();
        AclSelection none = new AclSelection(null, " ", null, null);
        assertThat(none.empty()).isTrue();
        assertThat(none.queryString()).isEmpty();
        assertThat(none.describe()).isEqualTo("every binding");
        assertThat(new AclSelection("alice", null, null, null).principal()).as("as the create form takes it").isEqualTo("User:alice");
    }

    @Test
    void theCreateFormFillsKafkasDefaultsAndNamesWhatIsMissing() {
        AclBindingForm plain = AclBindingForm.parse("alice", "", "TOPIC", "orders", "", "READ", null);
        assertThat(plain.request().toString()).isEqualTo("{\"principal\":\"User:alice\",\"host\":\"*\",\"resource_type\":\"TOPIC\","
                + "\"resource_name\":\"orders\",\"pattern_type\":\"LITERAL\",\"operation\":\"READ\",\"permission\":\"ALLOW\"}");
        assertThat(plain.exactFilter()).hasSize(7).containsEntry("pattern_type", "LITERAL");
        assertThat(AclBindingForm.parse("User:bob", "10.0.0.1", "CLUSTER", " ", "LITERAL", "ALTER", "DENY").resourceName())
                .isEqualTo(AclBindingForm.CLUSTER_NAME);
        assertThatThrownBy(() -> AclBindingForm.parse("alice", "", "TOPIC", "", "", "READ", ""))
                .isInstanceOfSatisfying(ConsoleProblem.class, p -> assertThat(p.detail()).isEqualTo("resource_name: required"));
        assertThatThrownBy(() -> AclBindingForm.parse("alice", "", "TOPIC", "t", "", null, ""))
                .isInstanceOfSatisfying(ConsoleProblem.class, p -> assertThat(p.detail()).isEqualTo("operation: required"));
    }

    @Test
    void noticesAreOnlyTheKnownOnes() {
        assertThat(AclsPage.noticeText("deleted-12")).isEqualTo("12 binding(s) deleted.");
        assertThat(AclsPage.noticeText("created")).isEqualTo("Binding created.");
        assertThat(AclsPage.noticeText("<script>")).isNull();
        assertThat(AclsPage.noticeText("deleted-x")).isNull();
    }
}
