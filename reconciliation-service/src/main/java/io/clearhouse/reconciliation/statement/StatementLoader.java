package io.clearhouse.reconciliation.statement;

import io.clearhouse.common.audit.AuditAppender;
import io.clearhouse.common.audit.AuditRecord;
import io.clearhouse.reconciliation.config.ReconciliationProperties;
import io.clearhouse.reconciliation.matching.RunQueue;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes a statement file as a stream: decodes it strictly as UTF-8, hashes the raw bytes, parses
 * record by record and COPYs good lines (binary rows) into {@code statement_lines}, all inside one
 * database transaction, tallying them per business day and currency into {@code statement_day_totals}
 * (so a matching run need not group a million lines again for the statement's side of its day
 * totals). Line errors are collected (bounded); past the bound, or on a file-level problem (empty,
 * wrong columns, wrong encoding, cut off), the transaction rolls back and nothing of the file
 * remains. The same bytes uploaded again resolve to the statement already stored.
 */
@Service
public class StatementLoader {

    private static final Logger log = LoggerFactory.getLogger(StatementLoader.class);
    private static final int COPY_CHUNK_BYTES = 1 << 17;
    /** Digits a JSON number may have on each side of the point: beyond any amount or id a line holds. */
    static final int NUMBER_INTEGER_DIGITS_MAX = 20;
    static final int NUMBER_FRACTION_DIGITS_MAX = 18;
    /**
     * Business days x currencies the upload tallies as it reads: a statement covers at most a month in a
     * few currencies; a statement dated all over the calendar has its stored lines grouped once, at the
     * end of its upload, instead of a map this size.
     */
    static final int DAY_TOTALS_MAX = 10_000;

    /** What an upload produced. */
    public record Loaded(StatementView statement, boolean duplicate, Long runId, List<LineError> errors) {
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ProviderSettingsRepository settings;
    private final StatementRepository statements;
    private final RunQueue runs;
    private final AuditAppender audit;
    private final Clock clock;
    private final ReconciliationProperties props;
    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    StatementLoader(DataSource dataSource, JdbcTemplate jdbc, TransactionTemplate tx,
                    ProviderSettingsRepository settings, StatementRepository statements, RunQueue runs,
                    AuditAppender audit, Clock clock, ReconciliationProperties props) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.tx = tx;
        this.settings = settings;
        this.statements = statements;
        this.runs = runs;
        this.audit = audit;
        this.clock = clock;
        this.props = props;
    }

    /**
     * @param periodFrom first business date the statement covers, or null for its earliest line
     * @param periodTo   last business date, or null for its latest line
     * @throws StatementRejectedException when the file is refused as a whole
     */
    public Loaded load(String providerId, StatementFormat format, InputStream body, String actor, String requestId,
                       LocalDate periodFrom, LocalDate periodTo) {
        ProviderSettings s = settings.findOrDefault(providerId);
        return tx.execute(status -> {
            try {
                return loadInTransaction(providerId, format, body, actor, requestId, periodFrom, periodTo, s, status);
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("statement upload failed", e);
            }
        });
    }

    private Loaded loadInTransaction(String providerId, StatementFormat format, InputStream body, String actor,
                                     String requestId, LocalDate periodFrom, LocalDate periodTo, ProviderSettings s,
                                     org.springframework.transaction.TransactionStatus status)
            throws IOException, SQLException {
        long statementId = jdbc.queryForObject("SELECT nextval('statement_ids')", Long.class);
        MessageDigest sha = sha256();
        CountingInputStream counting = new CountingInputStream(body);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Reader reader = new InputStreamReader(new DigestInputStream(counting, sha), decoder);

        Connection con = DataSourceUtils.getConnection(dataSource);
        CopyIn copy = con.unwrap(PGConnection.class).getCopyAPI()
                .copyIn(CopyBinary.COPY_SQL);
        Parse parse = new Parse(statementId);
        try {
            if (format == StatementFormat.CSV) {
                parseCsv(reader, s, parse, copy);
            } else {
                parseJsonLines(reader, s, parse, copy);
            }
            byte[] chunk = parse.rows.drain();
            copy.writeToCopy(chunk, 0, chunk.length);
            byte[] trailer = CopyBinary.trailer();
            copy.writeToCopy(trailer, 0, trailer.length);
            copy.endCopy();
        } catch (CharacterCodingException e) {
            cancel(copy);
            throw new StatementRejectedException("wrong encoding: the file is not valid UTF-8 (at line "
                    + parse.currentLine + ")", List.of(new LineError(parse.currentLine, null, "not valid UTF-8")));
        } catch (RuntimeException | IOException | SQLException e) {
            cancel(copy);
            throw e;
        }

        if (parse.records == 0) {
            throw new StatementRejectedException("the statement is empty: no lines"
                    + (format == StatementFormat.CSV ? " after the header" : ""));
        }
        if (parse.loaded == 0) {
            throw new StatementRejectedException("no line of the statement is valid", parse.errors);
        }
        String sha256 = HexFormat.of().formatHex(sha.digest());
        LocalDate from = periodFrom != null ? periodFrom : parse.minDate;
        LocalDate to = periodTo != null ? periodTo : parse.maxDate;
        if (from.isAfter(to)) {
            throw new StatementRejectedException("period from " + from + " is after to " + to);
        }
        long days = java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1;
        if (days > props.maxPeriodDays()) {
            throw new StatementRejectedException("the statement covers " + days + " days (" + from + " to " + to
                    + "): at most " + props.maxPeriodDays() + " days in one statement; declare the period (from/to)"
                    + " or split the file");
        }
        Instant now = clock.instant();
        int inserted = jdbc.update("""
                INSERT INTO statements (id, provider_id, sha256, format, line_count, loaded_count, error_count,
                    period_from, period_to, period_declared, size_bytes, uploaded_by, uploaded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (provider_id, sha256) DO NOTHING""",
                statementId, providerId, sha256, format.name(), parse.records, parse.loaded, parse.errors.size(),
                from, to, periodFrom != null || periodTo != null, counting.count, actor, Timestamp.from(now));
        if (inserted == 0) {
            // the same file again: forget this copy, answer with the statement already stored
            status.setRollbackOnly();
            StatementView existing = statements.findBySha(providerId, sha256).orElseThrow();
            return new Loaded(existing, true, statements.latestRunId(existing.id()).orElse(null),
                    statements.errors(existing.id(), props.maxErrorsReported()));
        }
        if (parse.dayTotals == null) {
            jdbc.update("""
                    INSERT INTO statement_day_totals (statement_id, business_date, currency, line_count, amount_minor)
                    SELECT statement_id, business_date, currency, count(*), sum(amount_minor)
                    FROM statement_lines WHERE statement_id = ? GROUP BY 1, 2, 3""", statementId);
        } else {
            jdbc.batchUpdate("""
                    INSERT INTO statement_day_totals (statement_id, business_date, currency, line_count, amount_minor)
                    VALUES (?, ?, ?, ?, ?)""", new ArrayList<>(parse.dayTotals.entrySet()), 500, (ps, e) -> {
                        ps.setLong(1, statementId);
                        ps.setObject(2, e.getKey().businessDate());
                        ps.setString(3, e.getKey().currency());
                        ps.setLong(4, e.getValue()[0]);
                        ps.setLong(5, e.getValue()[1]);
                    });
        }
        if (!parse.errors.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO statement_errors (statement_id, line_no, column_name, reason) VALUES (?, ?, ?, ?)",
                    parse.errors, 500, (ps, e) -> {
                        ps.setLong(1, statementId);
                        ps.setLong(2, e.line());
                        ps.setString(3, e.column());
                        ps.setString(4, e.reason());
                    });
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("providerId", providerId);
        after.put("sha256", sha256);
        after.put("format", format.name());
        after.put("lines", parse.records);
        after.put("loaded", parse.loaded);
        after.put("errors", parse.errors.size());
        after.put("periodFrom", from.toString());
        after.put("periodTo", to.toString());
        audit.append(List.of(new AuditRecord(actor, "STATEMENT_UPLOADED", "statement", Long.toString(statementId),
                null, after, null, requestId)));
        long runId = runs.enqueue(statementId, providerId, actor, requestId);
        log.info("statement {} of {} loaded: {} lines, {} errors, {} bytes", statementId, providerId, parse.loaded,
                parse.errors.size(), counting.count);
        StatementView view = statements.find(statementId).orElseThrow();
        List<LineError> reported = parse.errors.subList(0, Math.min(parse.errors.size(), props.maxErrorsReported()));
        return new Loaded(view, false, runId, reported);
    }

    /** A business day and currency of a statement's lines. */
    record DayCurrency(LocalDate businessDate, String currency) {
    }

    /** Running state of one parse. */
    private static final class Parse {
        final CopyBinary rows;
        final List<LineError> errors = new ArrayList<>();
        long records;
        long loaded;
        long currentLine = 1;
        LocalDate minDate;
        LocalDate maxDate;
        /**
         * Lines and the sum of their amounts ({count, amountMinor}) per business day and currency of
         * the lines COPYed, exactly what grouping the stored lines gives (the sums fit a long: lines
         * are bounded by {@code max-lines}, amounts by AMOUNT_MINOR_MAX); null once there would be more
         * than {@link #DAY_TOTALS_MAX} (the stored lines are then grouped at the end of the upload).
         */
        Map<DayCurrency, long[]> dayTotals = new HashMap<>();
        private LocalDate lastDay;
        private String lastCurrency;
        private long[] lastTotals;

        Parse(long statementId) {
            this.rows = new CopyBinary(statementId, COPY_CHUNK_BYTES + (1 << 12));
        }

        void tally(StatementLine line) {
            if (dayTotals == null) {
                return;
            }
            long[] totals = lastTotals;
            // lines come in runs of one day and currency: many need no lookup
            if (totals == null || !line.businessDate().equals(lastDay) || !line.currency().equals(lastCurrency)) {
                DayCurrency key = new DayCurrency(line.businessDate(), line.currency());
                totals = dayTotals.get(key);
                if (totals == null) {
                    if (dayTotals.size() >= DAY_TOTALS_MAX) {
                        dayTotals = null; // grouped from the stored lines at the end instead
                        lastTotals = null;
                        return;
                    }
                    totals = new long[2];
                    dayTotals.put(key, totals);
                }
                lastDay = line.businessDate();
                lastCurrency = line.currency();
                lastTotals = totals;
            }
            totals[0]++;
            totals[1] += line.amountMinor();
        }
    }

    private void parseCsv(Reader reader, ProviderSettings s, Parse parse, CopyIn copy)
            throws IOException, SQLException {
        CsvReader csv = new CsvReader(reader, s.delimiter(), props.maxRecordChars());
        CsvReader.CsvRecord header = csv.next();
        while (header != null && header.blank()) {
            header = csv.next();
        }
        if (header == null) {
            throw new StatementRejectedException("the statement is empty: no header line");
        }
        if (header.error() != null) {
            throw new StatementRejectedException("unreadable header on line " + header.line() + ": " + header.error());
        }
        HeaderMapping.Columns columns = new HeaderMapping(s).resolve(header.fields());
        LineParser parser = new LineParser(s, columns.nameByField());
        int[] index = columns.indexByField();
        int fieldCount = header.fields().size();
        String[] values = new String[index.length];
        CsvReader.CsvRecord r;
        while (true) {
            parse.currentLine = csv.currentLine();
            r = csv.next();
            if (r == null) {
                break;
            }
            if (r.blank()) {
                continue;
            }
            parse.records++;
            boolean cutOff = csv.endedWithoutLineEnd();
            if (r.error() != null) {
                lineError(parse, new LineError(r.line(), null, r.error()), cutOff);
                continue;
            }
            if (r.fields().size() != fieldCount) {
                lineError(parse, new LineError(r.line(), null, "has " + r.fields().size() + " fields, the header has "
                        + fieldCount), cutOff);
                continue;
            }
            for (int f = 0; f < index.length; f++) {
                values[f] = index[f] < 0 ? null : r.fields().get(index[f]);
            }
            int errorsBefore = parse.errors.size();
            StatementLine line = parser.parse(r.line(), values, parse.errors);
            if (line == null && cutOff) {
                truncated(parse.errors.get(errorsBefore));
            }
            accept(parse, line, copy);
        }
    }

    private void parseJsonLines(Reader reader, ProviderSettings s, Parse parse, CopyIn copy)
            throws IOException, SQLException {
        JsonLinesReader lines = new JsonLinesReader(reader, props.maxRecordChars());
        HeaderMapping mapping = new HeaderMapping(s);
        LineParser parser = new LineParser(s, new String[StatementField.values().length]);
        String[] values = new String[StatementField.values().length];
        JsonLinesReader.JsonLine l;
        // a malformed line is a line error only once a later line shows the file goes on; as the
        // last line it means the file was cut off mid-object
        LineError malformed = null;
        List<LineError> valueErrors = new ArrayList<>(2);
        while (true) {
            parse.currentLine = lines.currentLine();
            l = lines.next();
            if (l == null) {
                break;
            }
            if (l.error() == null && l.text().isBlank()) {
                continue;
            }
            if (malformed != null) {
                lineError(parse, malformed);
                malformed = null;
            }
            parse.records++;
            boolean cutOff = lines.endedWithoutLineEnd();
            if (l.error() != null) {
                lineError(parse, new LineError(l.line(), null, l.error()), cutOff);
                continue;
            }
            JsonNode node;
            try {
                node = json.readTree(l.text());
            } catch (JacksonException e) {
                malformed = new LineError(l.line(), null, "not a JSON object (malformed or cut off)");
                continue;
            }
            if (node == null || !node.isObject()) {
                lineError(parse, new LineError(l.line(), null, "not a JSON object"));
                continue;
            }
            java.util.Arrays.fill(values, null);
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                StatementField f = mapping.field(e.getKey());
                if (f == null || e.getValue().isNull()) {
                    continue;
                }
                JsonNode v = e.getValue();
                if (v.isNumber()) {
                    String plain = plainNumber(v.decimalValue());
                    if (plain == null) {
                        valueErrors.add(new LineError(l.line(), f.key(), "a JSON number of more than "
                                + NUMBER_INTEGER_DIGITS_MAX + " integer or " + NUMBER_FRACTION_DIGITS_MAX
                                + " fraction digits (send amounts as decimal strings)"));
                        continue;
                    }
                    values[f.ordinal()] = plain;
                } else if (v.isContainer()) {
                    // found by HostileStatementPropertyIT: asString() of an object or array threw (a 500)
                    valueErrors.add(new LineError(l.line(), f.key(), "must be a string or a number, not "
                            + (v.isArray() ? "an array" : "an object")));
                } else {
                    values[f.ordinal()] = v.asString();
                }
            }
            if (!valueErrors.isEmpty()) {
                for (LineError valueError : valueErrors) {
                    lineError(parse, valueError, cutOff);
                }
                valueErrors.clear();
                continue;
            }
            int errorsBefore = parse.errors.size();
            StatementLine line = parser.parse(l.line(), values, parse.errors);
            if (line == null && cutOff) {
                truncated(parse.errors.get(errorsBefore));
            }
            accept(parse, line, copy);
        }
        if (malformed != null) {
            truncated(malformed);
        }
    }

    /**
     * The plain decimal text of a JSON number, or null when it is too large or too precise to be
     * any statement value. Judged on precision and scale before any expansion: {@code 1e999999999}
     * is a BigDecimal of one digit whose plain text would be a billion characters.
     */
    static String plainNumber(java.math.BigDecimal n) {
        int integerDigits = n.precision() - n.scale();
        if (integerDigits > NUMBER_INTEGER_DIGITS_MAX || n.scale() > NUMBER_FRACTION_DIGITS_MAX) {
            return null;
        }
        return n.toPlainString();
    }

    private void accept(Parse parse, StatementLine line, CopyIn copy) throws SQLException {
        if (line == null) {
            if (parse.errors.size() > props.maxLineErrors()) {
                tooManyErrors(parse);
            }
            return;
        }
        if (parse.records > props.maxLines()) {
            throw new StatementRejectedException("more than " + props.maxLines() + " lines");
        }
        parse.loaded++;
        if (parse.minDate == null || line.businessDate().isBefore(parse.minDate)) {
            parse.minDate = line.businessDate();
        }
        if (parse.maxDate == null || line.businessDate().isAfter(parse.maxDate)) {
            parse.maxDate = line.businessDate();
        }
        parse.rows.append(line);
        parse.tally(line);
        if (parse.rows.length() >= COPY_CHUNK_BYTES) {
            byte[] chunk = parse.rows.drain();
            copy.writeToCopy(chunk, 0, chunk.length);
        }
    }

    private void lineError(Parse parse, LineError error, boolean cutOff) {
        if (cutOff) {
            truncated(error);
        }
        lineError(parse, error);
    }

    /** The last line has no line end and does not parse, or is a JSON object cut off: the transfer broke. */
    private static void truncated(LineError last) {
        throw new StatementRejectedException("file is truncated: the last line (" + last.line() + ") is incomplete ("
                + last.reason() + "); nothing was applied, send the whole file again",
                List.of(new LineError(last.line(), last.column(), "truncated: " + last.reason())));
    }

    private void lineError(Parse parse, LineError error) {
        parse.errors.add(error);
        if (parse.errors.size() > props.maxLineErrors()) {
            tooManyErrors(parse);
        }
    }

    private void tooManyErrors(Parse parse) {
        throw new StatementRejectedException("more than " + props.maxLineErrors()
                + " line errors: the file is rejected, nothing was applied",
                parse.errors.subList(0, Math.min(parse.errors.size(), props.maxErrorsReported())));
    }

    private static void cancel(CopyIn copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            log.debug("cancelling COPY failed; the transaction rolls back anyway", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the raw bytes of the upload. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
