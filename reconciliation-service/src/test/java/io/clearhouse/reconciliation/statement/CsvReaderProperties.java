package io.clearhouse.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CsvReader} reads every input as {@link CsvReaderBefore} (the reader before its field buffer
 * became a char array) did: the same records, lines, fields and errors, the same line reached and
 * cut-off answer after each record, the same rejection. Seeded inputs from an alphabet of the
 * characters the reader treats specially, with record bounds small enough to be hit.
 */
class CsvReaderProperties {

    private static final String ALPHABET = "ab,;\"\"\n\r é日 x";

    @Test
    void readsEveryInputAsTheReaderBeforeDid() throws Exception {
        Random random = new Random(20261203L);
        for (int i = 0; i < 20_000; i++) {
            String input = input(random);
            char delimiter = random.nextBoolean() ? ',' : ';';
            int maxRecordChars = new int[] {3, 8, 40, 10_000}[random.nextInt(4)];
            assertThat(read(new CsvReader(new StringReader(input), delimiter, maxRecordChars)))
                    .as("input %s, delimiter %s, bound %d", input.replace("\n", "\\n").replace("\r", "\\r"),
                            delimiter, maxRecordChars)
                    .isEqualTo(readBefore(new CsvReaderBefore(new StringReader(input), delimiter, maxRecordChars)));
        }
    }

    @Test
    void readsALongFieldAsTheReaderBeforeDid() throws Exception {
        // beyond the field buffer's first size, quoted and not
        String input = "x".repeat(5_000) + ",\"" + "y\"\"".repeat(3_000) + "\"\n" + "z".repeat(70) + "\n";
        assertThat(read(new CsvReader(new StringReader(input), ',', 100_000)))
                .isEqualTo(readBefore(new CsvReaderBefore(new StringReader(input), ',', 100_000)));
    }

    private static String input(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(120);
        for (int k = 0; k < n; k++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static List<String> read(CsvReader reader) throws Exception {
        return read(reader, reader::next);
    }

    private static List<String> readBefore(CsvReaderBefore reader) throws Exception {
        return read(reader, reader::next);
    }

    /** Every record a reader gives, with where it stands after each, or the rejection it ends with. */
    private static List<String> read(RecordReader reader, java.util.concurrent.Callable<CsvReader.CsvRecord> next)
            throws Exception {
        List<String> out = new ArrayList<>();
        try {
            CsvReader.CsvRecord r;
            while ((r = next.call()) != null) {
                out.add(r + " blank=" + r.blank() + " at=" + reader.currentLine() + " cut="
                        + reader.endedWithoutLineEnd());
            }
        } catch (StatementRejectedException e) {
            out.add("rejected: " + e.getMessage());
        }
        return out;
    }
}
