package io.clearhouse.gateway.auth;

import io.clearhouse.gateway.web.FieldError;
import io.clearhouse.gateway.web.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * An ADMIN's request to create a person who signs in to the console. A PROVIDER person is bound to one
 * provider and sees only its figures.
 *
 * @param reason why, for the audit log
 */
public record NewPerson(String userId, Role role, String providerId, String reason) {

    /** A person works the console at human speed: a page costs a few calls. */
    static final int RATE_PER_SECOND = 20;
    static final int BURST = 100;

    /** Throws with every fault at once. */
    NewPerson validated() {
        List<FieldError> errors = new ArrayList<>();
        if (userId == null || !NewClient.CLIENT_ID.matcher(userId).matches()) {
            errors.add(new FieldError("userId", "3 to 64 of lowercase letters, digits, '.', '_' and '-'"));
        }
        if (role == null) {
            errors.add(new FieldError("role", "required: one of PROVIDER, OPERATOR, FINANCE, AUDITOR, ADMIN"));
        } else if (role == Role.PROVIDER && (providerId == null || !NewClient.PROVIDER_ID.matcher(providerId).matches())) {
            errors.add(new FieldError("providerId", "a PROVIDER person is bound to one provider id:"
                    + " lowercase letters, digits and dashes"));
        } else if (role != Role.PROVIDER && providerId != null) {
            errors.add(new FieldError("providerId", "only a PROVIDER person is bound to a provider"));
        }
        if (reason != null && reason.length() > 500) {
            errors.add(new FieldError("reason", "at most 500 characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("the user is not valid", errors);
        }
        return this;
    }
}
