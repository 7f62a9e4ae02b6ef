package io.clearhouse.console.gateway;

import java.util.List;

/**
 * A refusal to show the person: the gateway's (or a service's) RFC 9457 problem, or the console's own
 * check of a form. Never carries a stack trace to the page.
 *
 * @param status  the HTTP status (403 is shown as "Not allowed")
 * @param title   the problem's title
 * @param detail  the problem's detail, may be null
 * @param fields  "field: message" for each field at fault
 */
public record GatewayProblem(int status, String title, String detail, List<String> fields) implements java.io.Serializable {

    public GatewayProblem {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** The console's own refusal of a form field, before anything is sent. */
    public static GatewayProblem invalid(String field, String message) {
        return new GatewayProblem(400, "Invalid input", field + ": " + message, List.of(field + ": " + message));
    }

    public boolean notAllowed() {
        return status == 403;
    }

    /** The heading shown: "Not allowed" for a 403, the problem's title otherwise. */
    public String heading() {
        return notAllowed() ? "Not allowed" : title == null || title.isBlank() ? "The request failed (" + status + ")" : title;
    }

    /** Thrown so that a page or an action can show the problem. */
    public static final class Refused extends RuntimeException {

        private final transient GatewayProblem problem;

        public Refused(GatewayProblem problem) {
            super(problem.status() + " " + problem.title(), null, false, false);
            this.problem = problem;
        }

        public GatewayProblem problem() {
            return problem;
        }
    }

    /** The gateway answered 401 to the person's token: the session ends and they sign in again. */
    public static final class SessionEnded extends RuntimeException {

        public SessionEnded() {
            super("the gateway no longer accepts the session's token", null, false, false);
        }
    }
}
