package io.strata.api.acl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ACL decision, as Kafka's {@code StandardAuthorizer} takes it, over one immutable set of
 * bindings:
 * <ol>
 *   <li>a super user ({@code super.users}) may do everything;</li>
 *   <li>the bindings that apply to the resource are its LITERAL binding, LITERAL {@code *} and the
 *       PREFIXED bindings its name starts with; when there are none (for any principal), the answer
 *       is {@code allow.everyone.if.no.acl.found};</li>
 *   <li>a DENY among them for the principal (or {@code User:*}), the host (or {@code *}) and the
 *       operation (or ALL) denies: deny wins;</li>
 *   <li>else an ALLOW for the principal and host whose operation allows this one (ALL; READ, WRITE,
 *       DELETE and ALTER allow DESCRIBE; ALTER_CONFIGS allows DESCRIBE_CONFIGS) allows;</li>
 *   <li>else denied.</li>
 * </ol>
 * Immutable and thread-safe; a decision is a few map look-ups plus a scan of the type's PREFIXED
 * bindings.
 */
public final class AclAuthorizer {

    private final Set<String> superUsers;
    private final boolean allowEveryoneIfNoAclFound;
    private final List<AclBinding> bindings;
    private final Map<AclResourceType, Map<String, List<AclBinding>>> literal = new EnumMap<>(AclResourceType.class);
    private final Map<AclResourceType, List<AclBinding>> prefixed = new EnumMap<>(AclResourceType.class);

    /**
     * @param superUsers principals ({@code User:admin}) allowed everything
     * @param allowEveryoneIfNoAclFound Kafka's {@code allow.everyone.if.no.acl.found}
     */
    public AclAuthorizer(Collection<AclBinding> bindings, Set<String> superUsers, boolean allowEveryoneIfNoAclFound) {
        this.superUsers = Set.copyOf(superUsers);
        this.allowEveryoneIfNoAclFound = allowEveryoneIfNoAclFound;
        this.bindings = List.copyOf(bindings);
        for (AclBinding binding : this.bindings) {
            if (binding.patternType() == AclPatternType.LITERAL) {
                literal.computeIfAbsent(binding.resourceType(), t -> new HashMap<>())
                        .computeIfAbsent(binding.resourceName(), n -> new ArrayList<>()).add(binding);
            } else {
                prefixed.computeIfAbsent(binding.resourceType(), t -> new ArrayList<>()).add(binding);
            }
        }
    }

    /** Every binding this decision is taken over. */
    public List<AclBinding> bindings() {
        return bindings;
    }

    public boolean isSuperUser(String principal) {
        return superUsers.contains(principal);
    }

    /** Whether {@code principal} from {@code host} may do {@code operation} on the resource {@code type}/{@code name}. */
    public boolean authorize(String principal, String host, AclOperation operation, AclResourceType type, String name) {
        if (isSuperUser(principal)) {
            return true;
        }
        List<AclBinding> applicable = applicable(type, name);
        if (applicable.isEmpty()) {
            return allowEveryoneIfNoAclFound;
        }
        boolean allowed = false;
        for (AclBinding binding : applicable) {
            if (!binding.matchesPrincipalAndHost(principal, host)) {
                continue;
            }
            if (binding.permission() == AclPermission.DENY) {
                if (binding.operation() == operation || binding.operation() == AclOperation.ALL) {
                    return false;
                }
            } else if (binding.operation().allows().contains(operation)) {
                allowed = true;
            }
        }
        return allowed;
    }

    /**
     * Whether {@code principal} may do {@code operation} on some resource of {@code type} (Kafka's
     * {@code authorizeByResourceType}, used for an idempotent producer without IDEMPOTENT_WRITE):
     * true for a super user, or when an ALLOW of the operation for the principal and host exists on
     * some pattern of the type that no matching DENY on LITERAL {@code *} (every resource) cancels.
     * Without any binding on the type, {@code allow.everyone.if.no.acl.found} decides.
     */
    public boolean authorizeAny(String principal, String host, AclOperation operation, AclResourceType type) {
        if (isSuperUser(principal)) {
            return true;
        }
        List<AclBinding> ofType = new ArrayList<>(prefixed.getOrDefault(type, List.of()));
        literal.getOrDefault(type, Map.of()).values().forEach(ofType::addAll);
        if (ofType.isEmpty()) {
            return allowEveryoneIfNoAclFound;
        }
        boolean allowed = false;
        for (AclBinding binding : ofType) {
            if (!binding.matchesPrincipalAndHost(principal, host)) {
                continue;
            }
            boolean sameOperation = binding.operation() == operation || binding.operation() == AclOperation.ALL;
            if (binding.permission() == AclPermission.DENY) {
                if (sameOperation && binding.patternType() == AclPatternType.LITERAL
                        && binding.resourceName().equals(AclBinding.WILDCARD)) {
                    return false;
                }
            } else if (binding.operation().allows().contains(operation)) {
                allowed = true;
            }
        }
        return allowed;
    }

    private List<AclBinding> applicable(AclResourceType type, String name) {
        List<AclBinding> applicable = new ArrayList<>();
        Map<String, List<AclBinding>> byName = literal.getOrDefault(type, Map.of());
        applicable.addAll(byName.getOrDefault(name, List.of()));
        if (!name.equals(AclBinding.WILDCARD)) {
            applicable.addAll(byName.getOrDefault(AclBinding.WILDCARD, List.of()));
        }
        for (AclBinding binding : prefixed.getOrDefault(type, List.of())) {
            if (name.startsWith(binding.resourceName())) {
                applicable.add(binding);
            }
        }
        return applicable;
    }
}
