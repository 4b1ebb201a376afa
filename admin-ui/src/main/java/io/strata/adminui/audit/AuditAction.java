package io.strata.adminui.audit;

import java.util.Arrays;
import java.util.Optional;

/** Everything the audit log records, each with its stable name in the records ({@code "action"}). */
public enum AuditAction {
    LOGIN("login", "sign in"),
    LOGIN_FAILED("login.failed", "sign in"),
    LOGOUT("logout", "sign out"),
    TOPIC_CREATE("topic.create", "create topics"),
    TOPIC_DELETE("topic.delete", "delete topics"),
    TOPIC_CONFIG("topic.config", "change topic configs"),
    PARTITIONS_ADD("topic.partitions.add", "add partitions"),
    RECORDS_PRODUCE("records.produce", "produce records"),
    OFFSETS_RESET("group.offsets.reset", "reset offsets"),
    GROUP_DELETE("group.delete", "delete groups"),
    ACL_CREATE("acl.create", "create ACLs"),
    ACL_DELETE("acl.delete", "delete ACLs"),
    REASSIGNMENT_START("reassignment.start", "move partitions"),
    REASSIGNMENT_CANCEL("reassignment.cancel", "cancel partition moves"),
    NODE_DRAIN("node.drain", "drain nodes");

    private final String id;
    private final String verb;

    AuditAction(String id, String verb) {
        this.id = id;
        this.verb = verb;
    }

    /** The name written in audit records and used in the Audit page's filter. */
    public String id() {
        return id;
    }

    /** What the action does, for a refusal ("only admins may create topics"). */
    public String describe() {
        return verb;
    }

    public static Optional<AuditAction> byId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }
}
