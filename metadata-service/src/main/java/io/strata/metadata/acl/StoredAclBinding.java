package io.strata.metadata.acl;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.strata.api.acl.AclBinding;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of {@code acl_bindings}: one ACL, its enumerations as Kafka's names. Only
 * {@link AclService} writes rows, after {@link AclBinding}'s checks, so every row parses back.
 */
@Entity
@Table(name = "acl_bindings")
public class StoredAclBinding extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String principal;

    public String host;

    @Column(name = "resource_type")
    public String resourceType;

    @Column(name = "resource_name")
    public String resourceName;

    @Column(name = "pattern_type")
    public String patternType;

    public String operation;

    public String permission;

    @Column(name = "created_ms")
    public long createdMs;

    static StoredAclBinding of(AclBinding binding, long createdMs) {
        StoredAclBinding row = new StoredAclBinding();
        row.principal = binding.principal();
        row.host = binding.host();
        row.resourceType = binding.resourceType().name();
        row.resourceName = binding.resourceName();
        row.patternType = binding.patternType().name();
        row.operation = binding.operation().name();
        row.permission = binding.permission().name();
        row.createdMs = createdMs;
        return row;
    }

    AclBinding binding() {
        return AclBinding.parse(principal, host, resourceType, resourceName, patternType, operation, permission);
    }
}
