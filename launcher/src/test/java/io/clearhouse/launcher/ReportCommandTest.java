package io.clearhouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportCommandTest {

    @Test
    void readsDateProviderFormatAndOutput() {
        ReportCommand.Options o = ReportCommand.parse(List.of("daily", "--date", "2026-03-02", "--provider", "acme",
                "--format", "XLSX", "-o", "out/r.xlsx"));
        assertThat(o).isEqualTo(new ReportCommand.Options(LocalDate.of(2026, 3, 2), "acme", "xlsx", Path.of("out/r.xlsx")));
        assertThat(ReportCommand.parse(List.of("daily", "--date", "2026-03-02", "--format", "pdf", "-o", "r.pdf"))
                .provider()).isNull();
    }

    @Test
    void refusesMissingOrWrongArgumentsNamingThem() {
        assertThatThrownBy(() -> ReportCommand.parse(List.of("weekly"))).hasMessageContaining("daily");
        assertThatThrownBy(() -> ReportCommand.parse(List.of("daily", "--date", "02.03.2026", "--format", "pdf", "-o",
                "x"))).hasMessageContaining("--date");
        assertThatThrownBy(() -> ReportCommand.parse(List.of("daily", "--date", "2026-03-02", "--format", "doc", "-o",
                "x"))).hasMessageContaining("--format");
        assertThatThrownBy(() -> ReportCommand.parse(List.of("daily", "--date", "2026-03-02", "--format", "pdf")))
                .hasMessageContaining("required");
        assertThatThrownBy(() -> ReportCommand.parse(List.of("daily", "--date"))).hasMessageContaining("missing value");
    }
}
