package io.strata.kafka.acl;

import io.strata.api.acl.AclCache;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.backend.AclStore;

import java.util.List;

/**
 * Kafka's ACL management APIs (CreateAcls, DescribeAcls, DeleteAcls, so {@code kafka-acls.sh} and
 * {@code Admin.createAcls} work), backed by the metadata service's ACLs. Registered only with ACLs
 * enabled; without, they are not advertised and kafka-clients report them unsupported.
 */
public final class AclApis {

    private AclApis() {
    }

    public static List<KafkaApiHandler> handlers(AclStore store, AclCache cache) {
        return List.of(new CreateAclsHandler(store, cache), new DescribeAclsHandler(store), new DeleteAclsHandler(store, cache));
    }
}
