package io.clearhouse.gateway.transaction;

import io.clearhouse.common.money.Currencies;
import io.clearhouse.common.money.Money;
import io.clearhouse.common.money.MoneyFormatException;
import io.clearhouse.common.transaction.GameType;
import io.clearhouse.common.transaction.TransactionReceived;
import io.clearhouse.common.transaction.TransactionRules;
import io.clearhouse.common.transaction.TransactionType;
import io.clearhouse.common.time.Rfc3339;
import io.clearhouse.gateway.web.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;

/**
 * Strict reading of the wire transaction: every field is checked and every fault is reported at
 * once, with its JSON path, so a provider can fix a whole batch in one round. This reads the wire
 * form (types, formats, currency exponents); what a transaction must be is
 * {@link TransactionRules}, shared with every other path that creates one. Unknown fields are
 * faults too, {@code providerId} among them: the provider comes from the caller's identity.
 */
final class TransactionParser {

    static final Set<String> FIELDS = Set.of("providerTxId", "roundId", "playerRef", "brandId", "gameId",
            "gameType", "type", "amount", "currency", "occurredAt", "refTxId", "freeRound", "campaignId",
            "jackpotContribution");

    private final Clock clock;

    TransactionParser(Clock clock) {
        this.clock = clock;
    }

    /** Reads one transaction; returns null and adds to {@code errors} when it is not valid. */
    TransactionReceived parse(JsonNode node, String path, String providerId, Instant receivedAt,
                              String requestId, List<FieldError> errors) {
        int before = errors.size();
        if (node == null || node.getNodeType() != JsonNodeType.OBJECT) {
            errors.add(new FieldError(path.isEmpty() ? "body" : path, "must be a JSON object"));
            return null;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!FIELDS.contains(e.getKey())) {
                errors.add(new FieldError(field(path, e.getKey()), "unknown field"));
            }
        }
        Reader r = new Reader(node, path, errors);
        String providerTxId = r.string("providerTxId", true);
        String roundId = r.string("roundId", true);
        String playerRef = r.string("playerRef", true);
        String brandId = r.string("brandId", true);
        String gameId = r.string("gameId", true);
        GameType gameType = r.enumValue("gameType", GameType.class);
        TransactionType type = r.enumValue("type", TransactionType.class);
        String currency = r.currency();
        Money amount = r.money("amount", currency, true);
        Instant occurredAt = r.instant("occurredAt");
        String refTxId = r.string("refTxId", false);
        Boolean freeRound = r.bool("freeRound");
        String campaignId = r.string("campaignId", false);
        Money jackpot = r.money("jackpotContribution", currency, false);
        if (errors.size() > before) {
            return null;
        }
        TransactionReceived t = new TransactionReceived(TransactionReceived.SCHEMA_VERSION, providerId, providerTxId,
                roundId, playerRef, brandId, gameId, gameType, type, amount.minor(), currency, occurredAt, refTxId,
                Boolean.TRUE.equals(freeRound), campaignId, jackpot == null ? null : jackpot.minor(), receivedAt,
                requestId);
        for (TransactionRules.Violation v : TransactionRules.check(t, TransactionRules.Origin.PROVIDER, clock.instant())) {
            errors.add(new FieldError(field(path, v.field()), v.message()));
        }
        return errors.size() > before ? null : t;
    }

    static String field(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Reads typed fields of one object, recording each fault. */
    private static final class Reader {
        private final JsonNode node;
        private final String path;
        private final List<FieldError> errors;

        Reader(JsonNode node, String path, List<FieldError> errors) {
            this.node = node;
            this.path = path;
            this.errors = errors;
        }

        String string(String name, boolean required) {
            JsonNode v = node.get(name);
            if (v == null || v.getNodeType() == JsonNodeType.NULL) {
                if (required) {
                    fault(name, "is required");
                }
                return null;
            }
            if (v.getNodeType() != JsonNodeType.STRING) {
                fault(name, "must be a string");
                return null;
            }
            return v.asString();
        }

        <E extends Enum<E>> E enumValue(String name, Class<E> type) {
            String s = string(name, true);
            if (s == null) {
                return null;
            }
            try {
                return Enum.valueOf(type, s);
            } catch (IllegalArgumentException e) {
                fault(name, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                        .collect(Collectors.joining(", ")));
                return null;
            }
        }

        String currency() {
            String s = string("currency", true);
            if (s != null && !Currencies.isKnown(s)) {
                fault("currency", "must be a supported ISO 4217 code");
                return null;
            }
            return s;
        }

        Money money(String name, String currency, boolean required) {
            JsonNode v = node.get(name);
            if (v != null && v.isNumber()) {
                fault(name, "must be a decimal string such as \"12.50\", not a JSON number");
                return null;
            }
            String s = string(name, required);
            if (s == null || currency == null) {
                return null;
            }
            try {
                return Money.parse(s, currency);
            } catch (MoneyFormatException e) {
                fault(name, e.getMessage());
                return null;
            }
        }

        Instant instant(String name) {
            String s = string(name, true);
            if (s == null) {
                return null;
            }
            Instant fast = Rfc3339.tryParse(s);
            if (fast != null) {
                return fast;
            }
            try {
                return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                fault(name, "must be an RFC 3339 timestamp with offset, e.g. 2026-11-25T10:15:30+09:00");
                return null;
            }
        }

        Boolean bool(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.getNodeType() == JsonNodeType.NULL) {
                return null;
            }
            if (v.getNodeType() != JsonNodeType.BOOLEAN) {
                fault(name, "must be true or false");
                return null;
            }
            return v.booleanValue();
        }

        private void fault(String name, String message) {
            errors.add(new FieldError(field(path, name), message));
        }
    }

}
