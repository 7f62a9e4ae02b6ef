package io.clearhouse.launcher;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Fields of a Linux {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat} line (proc(5)). The
 * command name, field 2, is in parentheses and may itself hold spaces and ')', so fields are counted
 * from the last ')'.
 */
public final class ProcStat {

    private ProcStat() {
    }

    /** Field {@code n} (1-based, as proc(5) numbers them; 3 or more), or empty when the line is too short. */
    static Optional<String> field(String stat, int n) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return Optional.empty();
        }
        String[] fields = stat.substring(end + 1).trim().split(" ");
        return fields.length > n - 3 ? Optional.of(fields[n - 3]) : Optional.empty();
    }

    /** The nice value, field 19. */
    public static OptionalInt nice(String stat) {
        return field(stat, 19).map(f -> OptionalInt.of(Integer.parseInt(f))).orElse(OptionalInt.empty());
    }

    /** User plus system CPU time in clock ticks, fields 14 and 15; 0 when the line is too short. */
    public static long cpuTicks(String stat) {
        return field(stat, 14).map(Long::parseLong).orElse(0L) + field(stat, 15).map(Long::parseLong).orElse(0L);
    }

    /** User plus system CPU time of the children that exited and were waited for, fields 16 and 17. */
    public static long childrenCpuTicks(String stat) {
        return field(stat, 16).map(Long::parseLong).orElse(0L) + field(stat, 17).map(Long::parseLong).orElse(0L);
    }
}
