package io.clearhouse.reconciliation.statement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which input column (CSV) or key (JSON) holds which {@link StatementField}, resolved once from the
 * header with the built-in names and the provider's aliases. Unknown columns are ignored (providers
 * add their own); a missing required field or two columns for one field reject the file.
 */
final class HeaderMapping {

    private final Map<String, StatementField> byName;

    HeaderMapping(ProviderSettings settings) {
        Map<String, StatementField> names = new HashMap<>();
        for (StatementField f : StatementField.values()) {
            names.put(StatementField.normalise(f.key()), f);
            f.defaultAliases().forEach(a -> names.put(StatementField.normalise(a), f));
        }
        // the provider's aliases win over the built-in ones
        settings.columnAliases().forEach((key, aliases) -> {
            StatementField f = StatementField.byKey(key);
            aliases.forEach(a -> names.put(StatementField.normalise(a), f));
        });
        this.byName = names;
    }

    /** The field a header or key names, or null. */
    StatementField field(String name) {
        return byName.get(StatementField.normalise(name));
    }

    /** A resolved CSV header: for each field the column index (or -1) and the header text. */
    record Columns(int[] indexByField, String[] nameByField) {
    }

    Columns resolve(List<String> header) {
        int[] index = new int[StatementField.values().length];
        Arrays.fill(index, -1);
        String[] names = new String[index.length];
        List<String> problems = new ArrayList<>();
        for (int col = 0; col < header.size(); col++) {
            String h = header.get(col);
            if (col == 0 && !h.isEmpty() && h.charAt(0) == '\uFEFF') {
                h = h.substring(1);
            }
            StatementField f = field(h);
            if (f == null) {
                continue;
            }
            if (index[f.ordinal()] >= 0) {
                problems.add("columns '" + names[f.ordinal()] + "' and '" + h + "' both map to " + f.key());
            } else {
                index[f.ordinal()] = col;
                names[f.ordinal()] = h;
            }
        }
        List<String> missing = new ArrayList<>();
        for (StatementField f : StatementField.values()) {
            if (f.required() && index[f.ordinal()] < 0) {
                missing.add(f.key());
            }
        }
        if (index[StatementField.OCCURRED_AT.ordinal()] < 0 && index[StatementField.BUSINESS_DATE.ordinal()] < 0) {
            missing.add("occurredAt or businessDate");
        }
        if (!missing.isEmpty()) {
            problems.add(0, "header lacks required column(s) " + String.join(", ", missing) + " (found: "
                    + String.join(", ", header) + ")");
        }
        if (!problems.isEmpty()) {
            throw new StatementRejectedException("wrong columns: " + String.join("; ", problems),
                    List.of(new LineError(1, null, String.join("; ", problems))));
        }
        return new Columns(index, names);
    }
}
