package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Fields counted from the last ')', whatever the command name holds; short lines give nothing. */
class ProcStatTest {

    private static final String STAT =
            "4242 (C2 Compi) er) S 1 4242 4242 0 -1 4194624 10 0 0 0 7 3 40 2 20 19 30 0 123 456 78";

    @Test
    void readsTheNiceValueAfterACommandNameWithSpacesAndParentheses() {
        assertThat(ProcStat.nice(STAT)).isEqualTo(OptionalInt.of(19));
        assertThat(ProcStat.nice("4242 (truncated) S 1 2")).isEmpty();
        assertThat(ProcStat.nice("no command name")).isEmpty();
    }

    @Test
    void addsUserAndSystemTicks() {
        assertThat(ProcStat.cpuTicks(STAT)).isEqualTo(10);
        assertThat(ProcStat.cpuTicks("4242 (truncated) S 1 2")).isZero();
    }

    @Test
    void addsTheExitedChildrensTicks() {
        assertThat(ProcStat.childrenCpuTicks(STAT)).isEqualTo(42);
        assertThat(ProcStat.childrenCpuTicks("4242 (truncated) S 1 2")).isZero();
    }
}
