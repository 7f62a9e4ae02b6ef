package io.clearhouse.gateway.auth;

import io.clearhouse.gateway.protect.Cidr;
import io.clearhouse.gateway.web.FieldError;
import io.clearhouse.gateway.web.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An ADMIN's request to create a client. Rate and burst default by role when absent.
 *
 * @param reason why the client is created, for the audit log
 */
public record NewClient(String clientId, Role role, String providerId, List<String> allowedCidrs,
                        Integer ratePerSecond, Integer burst, String reason) {

    static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    static final Pattern PROVIDER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** Bounds the allow-list: a list longer than this is a mistake, not a policy. */
    static final int MAX_CIDRS = 64;
    static final int MAX_RATE = 100_000;

    public NewClient {
        allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
    }

    /** Throws with every fault at once. */
    NewClient validated() {
        List<FieldError> errors = new ArrayList<>();
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            errors.add(new FieldError("clientId", "3 to 64 of lowercase letters, digits, '.', '_' and '-'"));
        }
        if (role == null) {
            errors.add(new FieldError("role", "required: one of PROVIDER, OPERATOR, FINANCE, AUDITOR, ADMIN"));
        } else if (role == Role.PROVIDER && (providerId == null || !PROVIDER_ID.matcher(providerId).matches())) {
            errors.add(new FieldError("providerId", "a PROVIDER client is bound to one provider id:"
                    + " lowercase letters, digits and dashes"));
        } else if (role != Role.PROVIDER && providerId != null) {
            errors.add(new FieldError("providerId", "only a PROVIDER client is bound to a provider"));
        }
        if (allowedCidrs.size() > MAX_CIDRS) {
            errors.add(new FieldError("allowedCidrs", "at most " + MAX_CIDRS + " networks"));
        }
        for (int i = 0; i < allowedCidrs.size(); i++) {
            try {
                Cidr.parse(allowedCidrs.get(i));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("allowedCidrs[" + i + "]", e.getMessage()));
            }
        }
        if (ratePerSecond != null && (ratePerSecond < 1 || ratePerSecond > MAX_RATE)) {
            errors.add(new FieldError("ratePerSecond", "between 1 and " + MAX_RATE));
        }
        if (burst != null && (burst < 1 || burst > MAX_RATE * 10)) {
            errors.add(new FieldError("burst", "between 1 and " + MAX_RATE * 10));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("the client is not valid", errors);
        }
        return this;
    }

    /** Providers push batches of up to 1,000 items, each costing one token: their bucket holds several. */
    int ratePerSecondOrDefault() {
        return ratePerSecond != null ? ratePerSecond : role == Role.PROVIDER ? 2_000 : 50;
    }

    int burstOrDefault() {
        return burst != null ? burst : role == Role.PROVIDER ? 10_000 : 200;
    }
}
