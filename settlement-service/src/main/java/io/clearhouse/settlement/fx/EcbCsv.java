package io.clearhouse.settlement.fx;

import io.clearhouse.settlement.web.Requests;
import io.clearhouse.common.money.Currencies;
import io.clearhouse.settlement.domain.FxRateBook;
import io.clearhouse.support.problem.Problems;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ECB euro reference-rate CSV as published: a header {@code Date, USD, JPY, ...} and one row per
 * day, each value the units of that currency for one euro. Both the daily file ("25 November 2026")
 * and the history file ("2026-11-25") date styles are read; "N/A" and empty cells are skipped, as
 * are currencies Clearhouse does not know. Any other malformed cell is refused, naming row and column.
 */
final class EcbCsv {

    static final int ROWS_MAX = 100_000;
    private static final DateTimeFormatter DAILY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private EcbCsv() {
    }

    static List<FxRateBook.Rate> parse(String csv, String source) {
        List<FxRateBook.Rate> rates = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new StringReader(csv))) {
            String header = in.readLine();
            if (header == null || !header.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT).startsWith("date")) {
                throw new Problems.Invalid("body", "the first line must be the ECB header: Date, USD, JPY, ...");
            }
            String[] currencies = header.split(",", -1);
            String line;
            int row = 1;
            while ((line = in.readLine()) != null) {
                row++;
                if (line.isBlank()) {
                    continue;
                }
                if (row > ROWS_MAX) {
                    throw new Problems.Invalid("body", "more than " + ROWS_MAX + " rows");
                }
                String[] cells = line.split(",", -1);
                LocalDate date = date(cells[0].trim(), row);
                for (int c = 1; c < cells.length && c < currencies.length; c++) {
                    String ccy = currencies[c].trim();
                    String cell = cells[c].trim();
                    if (ccy.isEmpty() || cell.isEmpty() || cell.equalsIgnoreCase("N/A") || !Currencies.isKnown(ccy)) {
                        continue;
                    }
                    BigDecimal rate;
                    try {
                        rate = new BigDecimal(cell);
                    } catch (NumberFormatException e) {
                        throw new Problems.Invalid("row " + row + " column " + ccy, "is not a decimal");
                    }
                    if (rate.signum() <= 0) {
                        throw new Problems.Invalid("row " + row + " column " + ccy, "must be positive");
                    }
                    String problem = FxRateBook.rateProblem(rate);
                    if (problem != null) {
                        throw new Problems.Invalid("row " + row + " column " + ccy, problem);
                    }
                    rates.add(new FxRateBook.Rate("EUR", ccy, date, rate, source));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return rates;
    }

    private static LocalDate date(String cell, int row) {
        LocalDate date;
        try {
            date = cell.contains("-") ? LocalDate.parse(cell) : LocalDate.parse(cell, DAILY);
        } catch (DateTimeParseException e) {
            throw new Problems.Invalid("row " + row + " column Date", "is not a date");
        }
        if (!Requests.inRange(date)) {
            throw new Problems.Invalid("row " + row + " column Date", Requests.DATE_RANGE);
        }
        return date;
    }
}
