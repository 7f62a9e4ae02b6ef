package io.clearhouse.console.signin;

import java.io.Serial;
import java.io.Serializable;

/**
 * The signed-in person as the console shows them: name, role and (PROVIDER) provider. Templates ask
 * it what to show ({@code me.may('STATEMENTS')}, {@code me.approver}).
 */
public record Person(String name, Role role, String providerId) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public boolean may(String area) {
        return role.may(Role.Area.valueOf(area));
    }

    /** Approves statements, write-offs and ACCEPT_PROVIDER proposals, and marks statements paid. */
    public boolean isApprover() {
        return role == Role.FINANCE;
    }

    /** Assigns and resolves queue items and acknowledges anomalies. */
    public boolean isOperator() {
        return role == Role.OPERATOR;
    }

    public boolean isProvider() {
        return role == Role.PROVIDER;
    }
}
