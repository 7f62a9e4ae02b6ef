package io.clearhouse.settlement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain stays plain Java: no Spring, JDBC, Kafka or Jackson, so it is testable without a container. */
class DomainPurityTest {

    @Test
    void domainImportsNoFrameworkTypes() throws IOException {
        Path dir = Path.of("src/main/java/io/clearhouse/settlement/domain");
        List<String> offenders;
        try (Stream<Path> files = Files.list(dir)) {
            offenders = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(l -> l.startsWith("import ")
                            && (l.contains("org.springframework") || l.contains("java.sql") || l.contains("org.apache.kafka")
                            || l.contains("tools.jackson") || l.contains("com.fasterxml"))).map(l -> f.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(offenders).isEmpty();
        assertThat(dir.resolve("StatementCalculator.java")).exists();
    }
}
