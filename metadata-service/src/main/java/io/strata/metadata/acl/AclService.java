package io.strata.metadata.acl;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.api.acl.AclBinding;
import io.strata.api.acl.AclFilter;
import io.strata.api.acl.AclMessages;
import io.strata.api.error.StrataException;
import io.strata.api.v1.AclBindingFilter;
import io.strata.api.v1.CreateAclsRequest;
import io.strata.api.v1.CreateAclsResponse;
import io.strata.api.v1.DeleteAclsRequest;
import io.strata.api.v1.DeleteAclsResponse;
import io.strata.api.v1.DeletedAcls;
import io.strata.api.v1.DescribeAclsRequest;
import io.strata.api.v1.DescribeAclsResponse;
import io.strata.api.v1.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The ACLs of the Kafka listener: create, describe by filter, delete by filter.
 *
 * <p>Invariants: every stored binding passed {@link AclBinding}'s checks (an invalid one fails the
 * whole call with INVALID_REQUEST naming the binding's position, field and value, and nothing is
 * written); a binding is stored at most once (creating an existing one is a success, as in Kafka);
 * at most {@link #MAX_BINDINGS} are kept. Filters are applied here in Java over every row: ACL
 * sets are small next to that limit and nodes read them all to cache them anyway. Not a metadata
 * change (no version, no watch event): nodes re-read the ACLs within their cache's TTL. Every
 * change is logged (INFO) with the bindings. Thread-safe (stateless; each call is one transaction).
 */
@ApplicationScoped
public class AclService {

    /** The most bindings kept; a CreateAcls that would pass it is refused (INVALID_REQUEST) and writes nothing. */
    public static final int MAX_BINDINGS = 100_000;

    private static final Logger LOG = Logger.getLogger(AclService.class);
    private static final Comparator<AclBinding> ORDER = Comparator.comparing(AclBinding::resourceType)
            .thenComparing(AclBinding::resourceName).thenComparing(AclBinding::patternType)
            .thenComparing(AclBinding::principal).thenComparing(AclBinding::host)
            .thenComparing(AclBinding::operation).thenComparing(AclBinding::permission);

    private final Clock clock;

    public AclService(Clock clock) {
        this.clock = clock;
    }

    @WithTransaction
    public Uni<CreateAclsResponse> create(CreateAclsRequest request) {
        List<AclBinding> wanted = new ArrayList<>();
        for (int i = 0; i < request.getBindingsCount(); i++) {
            io.strata.api.v1.AclBinding message = request.getBindings(i);
            wanted.add(parse(i, () -> AclMessages.binding(message)));
        }
        return StoredAclBinding.<StoredAclBinding>listAll().chain(rows -> {
            Set<AclBinding> existing = new HashSet<>(rows.stream().map(StoredAclBinding::binding).toList());
            List<AclBinding> fresh = wanted.stream().distinct().filter(b -> !existing.contains(b)).toList();
            if (existing.size() + fresh.size() > MAX_BINDINGS) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "bindings: " + existing.size() + " stored and "
                        + fresh.size() + " new would pass the limit of " + MAX_BINDINGS);
            }
            long now = clock.millis();
            List<StoredAclBinding> newRows = fresh.stream().map(b -> StoredAclBinding.of(b, now)).toList();
            fresh.forEach(b -> LOG.infof("ACL created: %s", b));
            CreateAclsResponse response = CreateAclsResponse.newBuilder().setCreated(fresh.size()).build();
            return newRows.isEmpty() ? Uni.createFrom().item(response) : StoredAclBinding.persist(newRows).replaceWith(response);
        });
    }

    @WithTransaction
    public Uni<DescribeAclsResponse> describe(DescribeAclsRequest request) {
        List<AclFilter> filters = filters(request.getFiltersList());
        return StoredAclBinding.<StoredAclBinding>listAll().map(rows -> DescribeAclsResponse.newBuilder()
                .addAllBindings(rows.stream().map(StoredAclBinding::binding)
                        .filter(b -> filters.isEmpty() || filters.stream().anyMatch(f -> f.matches(b)))
                        .sorted(ORDER).map(AclMessages::message).toList())
                .build());
    }

    @WithTransaction
    public Uni<DeleteAclsResponse> delete(DeleteAclsRequest request) {
        List<AclFilter> filters = filters(request.getFiltersList());
        return StoredAclBinding.<StoredAclBinding>listAll().chain(rows -> {
            DeleteAclsResponse.Builder response = DeleteAclsResponse.newBuilder();
            Set<Long> doomed = new HashSet<>();
            for (AclFilter filter : filters) {
                List<AclBinding> deleted = new ArrayList<>();
                for (StoredAclBinding row : rows) {
                    AclBinding binding = row.binding();
                    if (filter.matches(binding)) {
                        deleted.add(binding);
                        doomed.add(row.id);
                    }
                }
                deleted.sort(ORDER);
                response.addResults(DeletedAcls.newBuilder().addAllDeleted(deleted.stream().map(AclMessages::message).toList()));
            }
            rows.stream().filter(r -> doomed.contains(r.id)).forEach(r -> LOG.infof("ACL deleted: %s", r.binding()));
            Uni<Long> removed = doomed.isEmpty() ? Uni.createFrom().item(0L) : StoredAclBinding.delete("id in ?1", List.copyOf(doomed));
            return removed.replaceWith(response.build());
        });
    }

    private static List<AclFilter> filters(List<AclBindingFilter> messages) {
        List<AclFilter> filters = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            AclBindingFilter message = messages.get(i);
            filters.add(parse(i, () -> AclMessages.filter(message)));
        }
        return filters;
    }

    private static <T> T parse(int index, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "ACL " + index + ": " + e.getMessage());
        }
    }
}
