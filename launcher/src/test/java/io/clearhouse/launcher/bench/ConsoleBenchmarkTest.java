package io.clearhouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleBenchmarkTest {

    @Test
    void followsTheConsolesPagesOnlyNeverFilesSignOutOrAssets() {
        String html = """
                <link href="/console/css/console.css" rel="stylesheet">
                <a href="/console/">Today</a>
                <a href="/console/queues/breaks?status=OPEN&amp;provider=acme">Open</a>
                <a href="/console/statements/acme:2026-12-01:v1">Statement</a>
                <a href="/console/statements/acme:2026-12-01:v1/document.pdf">PDF</a>
                <a href="/console/reports/download?date=2026-12-01&amp;format=XLSX">XLSX</a>
                <a href="/console/logout">Sign out</a>
                <a href="/console/login">Sign in</a>
                <a href="https://example.org/console/elsewhere">Elsewhere</a>
                <a href="/console/">Today again</a>
                """;

        assertThat(ConsoleBenchmark.links(html)).containsExactly("/console/",
                "/console/queues/breaks?status=OPEN&provider=acme", "/console/statements/acme:2026-12-01:v1");
    }

    @Test
    void pagesOfOneKindDifferOnlyInTheirIdsAndDates() {
        assertThat(ConsoleBenchmark.kind("/console/queues/breaks/28"))
                .isEqualTo(ConsoleBenchmark.kind("/console/queues/breaks/27?x=1")).isEqualTo("/console/queues/breaks/*");
        assertThat(ConsoleBenchmark.kind("/console/statements/acme:2026-12-01:v1")).isEqualTo("/console/statements/*");
        assertThat(ConsoleBenchmark.kind("/console/providers/acme")).isEqualTo("/console/providers/acme");
    }
}
