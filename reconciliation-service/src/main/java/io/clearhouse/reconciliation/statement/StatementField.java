package io.clearhouse.reconciliation.statement;

import java.util.List;
import java.util.Locale;

/**
 * The fields of a statement line and the header names recognised for them without configuration.
 * Headers match case-insensitively, ignoring spaces, '_' and '-'; a provider's settings add aliases.
 */
public enum StatementField {
    PROVIDER_TX_ID("providerTxId", true, "txId", "transactionId", "id", "reference"),
    TYPE("type", true, "txType", "transactionType"),
    AMOUNT("amount", true, "amountValue", "value"),
    CURRENCY("currency", true, "ccy", "currencyCode"),
    OCCURRED_AT("occurredAt", false, "timestamp", "dateTime", "time", "transactionTime"),
    BUSINESS_DATE("businessDate", false, "businessDay", "settlementDate"),
    ROUND_ID("roundId", false, "round"),
    PLAYER_REF("playerRef", false, "player", "playerId"),
    BRAND_ID("brandId", false, "brand"),
    GAME_ID("gameId", false, "game"),
    GAME_TYPE("gameType", false);

    private final String key;
    private final boolean required;
    private final List<String> defaultAliases;

    StatementField(String key, boolean required, String... aliases) {
        this.key = key;
        this.required = required;
        this.defaultAliases = List.of(aliases);
    }

    /** The canonical name: the JSON-lines key, the settings key and the default CSV header. */
    public String key() {
        return key;
    }

    public boolean required() {
        return required;
    }

    public List<String> defaultAliases() {
        return defaultAliases;
    }

    public static StatementField byKey(String key) {
        for (StatementField f : values()) {
            if (f.key.equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown statement field '" + key + "'");
    }

    /** Header comparison form: lower case, letters and digits only. */
    static String normalise(String header) {
        StringBuilder sb = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
