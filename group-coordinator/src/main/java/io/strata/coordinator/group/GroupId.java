package io.strata.coordinator.group;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

/** The rule for group ids (Kafka's): 1 to {@value #MAX_LENGTH} characters, not blank. */
public final class GroupId {

    public static final int MAX_LENGTH = 255;

    private GroupId() {
    }

    /** The id, or INVALID_GROUP_ID naming it. */
    public static String check(String groupId) {
        if (groupId == null || groupId.isBlank() || groupId.length() > MAX_LENGTH) {
            throw new StrataException(ErrorCode.INVALID_GROUP_ID, "group_id: '" + groupId + "' must be 1 to "
                    + MAX_LENGTH + " characters and not blank");
        }
        return groupId;
    }
}
