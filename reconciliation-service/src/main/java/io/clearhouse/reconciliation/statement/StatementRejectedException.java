package io.clearhouse.reconciliation.statement;

import java.util.List;

/** The whole file is refused; nothing of it is stored. */
public class StatementRejectedException extends RuntimeException {

    private final transient List<LineError> errors;

    public StatementRejectedException(String reason) {
        this(reason, List.of());
    }

    public StatementRejectedException(String reason, List<LineError> errors) {
        super(reason);
        this.errors = List.copyOf(errors);
    }

    public List<LineError> errors() {
        return errors;
    }
}
