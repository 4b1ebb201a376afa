package io.strata.metadata.acl;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.AclBinding;
import io.strata.api.v1.AclBindingFilter;
import io.strata.api.v1.CreateAclsRequest;
import io.strata.api.v1.DeleteAclsRequest;
import io.strata.api.v1.DeleteAclsResponse;
import io.strata.api.v1.DescribeAclsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.metadata.MetadataServiceTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.strata.metadata.MetadataChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class AclServiceTest extends MetadataServiceTestBase {

    private static AclBinding binding(String principal, String type, String name, String pattern, String op, String permission) {
        return AclBinding.newBuilder().setPrincipal(principal).setHost("*").setResourceType(type).setResourceName(name)
                .setPatternType(pattern).setOperation(op).setPermission(permission).build();
    }

    private List<AclBinding> describe(AclBindingFilter filter) {
        return metadata.describeAcls(DescribeAclsRequest.newBuilder().addFilters(filter).build()).getBindingsList();
    }

    @Test
    void createsOnceDescribesByFilterAndDeletesAnsweringWhatWentAway() {
        String user = "User:alice-" + UUID.randomUUID();
        String prefix = "acl-" + UUID.randomUUID() + "-";
        AclBinding read = binding(user, "TOPIC", prefix, "PREFIXED", "READ", "ALLOW");
        AclBinding write = binding(user, "TOPIC", prefix + "orders", "LITERAL", "WRITE", "ALLOW");
        AclBinding group = binding(user, "GROUP", "g", "LITERAL", "READ", "DENY");
        assertThat(metadata.createAcls(CreateAclsRequest.newBuilder().addBindings(read).addBindings(write).addBindings(group)
                .build()).getCreated()).isEqualTo(3);
        assertThat(metadata.createAcls(CreateAclsRequest.newBuilder().addBindings(read).build()).getCreated())
                .as("an existing binding is not created twice").isZero();

        AclBindingFilter byPrincipal = AclBindingFilter.newBuilder().setPrincipal(user).build();
        assertThat(describe(byPrincipal)).containsExactly(read, write, group);
        AclBindingFilter applying = AclBindingFilter.newBuilder().setResourceType("TOPIC").setResourceName(prefix + "orders")
                .setPatternType("MATCH").setPrincipal(user).build();
        assertThat(describe(applying)).containsExactlyInAnyOrder(read, write);

        DeleteAclsResponse deleted = metadata.deleteAcls(DeleteAclsRequest.newBuilder()
                .addFilters(AclBindingFilter.newBuilder().setPrincipal(user).setResourceType("TOPIC").setOperation("WRITE"))
                .addFilters(AclBindingFilter.newBuilder().setPrincipal(user).setResourceType("GROUP").setResourceName("nothing"))
                .build());
        assertThat(deleted.getResultsList()).hasSize(2);
        assertThat(deleted.getResults(0).getDeletedList()).containsExactly(write);
        assertThat(deleted.getResults(1).getDeletedList()).isEmpty();
        assertThat(describe(byPrincipal)).containsExactly(read, group);
    }

    @Test
    void refusesAnInvalidBindingNamingItAndWritesNothing() {
        String user = "User:bob-" + UUID.randomUUID();
        AclBinding fine = binding(user, "TOPIC", "t", "LITERAL", "READ", "ALLOW");
        assertRefused(() -> metadata.createAcls(CreateAclsRequest.newBuilder().addBindings(fine)
                        .addBindings(binding(user, "TOPIC", "*", "PREFIXED", "READ", "ALLOW")).build()),
                ErrorCode.INVALID_REQUEST, "ACL 1: resource_name: a PREFIXED pattern cannot be '*'");
        assertRefused(() -> metadata.createAcls(CreateAclsRequest.newBuilder()
                        .addBindings(binding(user, "GROUP", "g", "LITERAL", "WRITE", "ALLOW")).build()),
                ErrorCode.INVALID_REQUEST, "ACL 0: operation: WRITE is not an operation on GROUP");
        assertRefused(() -> metadata.describeAcls(DescribeAclsRequest.newBuilder()
                        .addFilters(AclBindingFilter.newBuilder().setResourceType("QUEUE")).build()),
                ErrorCode.INVALID_REQUEST, "ACL 0: resource_type: 'QUEUE' is not one of");
        assertThat(describe(AclBindingFilter.newBuilder().setPrincipal(user).build())).isEmpty();
    }
}
