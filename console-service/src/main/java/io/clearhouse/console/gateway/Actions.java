package io.clearhouse.console.gateway;

import java.util.function.Supplier;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * POST-redirect-GET for the console's actions: run one gateway call, then redirect with a flash
 * message saying it was done or showing the problem (title, detail, field messages).
 */
public final class Actions {

    /** Free text (reasons, notes, comments) is bounded like the services bound it. */
    public static final int TEXT_MAX = 2000;

    private Actions() {
    }

    /** A flash message: {@code ok} or the problem refused. */
    public record Flash(boolean ok, String message, GatewayProblem problem) implements java.io.Serializable {
    }

    public static String run(RedirectAttributes flash, String back, String done, Runnable action) {
        return get(flash, back, done, () -> {
            action.run();
            return null;
        });
    }

    public static String get(RedirectAttributes flash, String back, String done, Supplier<Object> action) {
        try {
            action.get();
            flash.addFlashAttribute("flash", new Flash(true, done, null));
        } catch (GatewayProblem.Refused e) {
            flash.addFlashAttribute("flash", new Flash(false, e.problem().heading(), e.problem()));
        }
        return "redirect:" + back;
    }

    /** A required, bounded free text (a reason where money moves, a comment). */
    public static String required(String field, String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw new GatewayProblem.Refused(GatewayProblem.invalid(field, "is required"));
        }
        return optional(field, v);
    }

    public static String optional(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > TEXT_MAX) {
            throw new GatewayProblem.Refused(GatewayProblem.invalid(field, "at most " + TEXT_MAX + " characters"));
        }
        return value.trim();
    }

    /** An identifier from the URL or a form: bounded, no path separators. */
    public static String id(String field, String value) {
        if (value == null || !value.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw new GatewayProblem.Refused(GatewayProblem.invalid(field, "must be 1-128 letters, digits, '.', '_', ':' or '-'"));
        }
        return value;
    }

    /** A page size within 1..max (default when absent). */
    public static int size(Integer requested, int dflt, int max) {
        return requested == null ? dflt : Math.max(1, Math.min(max, requested));
    }
}
