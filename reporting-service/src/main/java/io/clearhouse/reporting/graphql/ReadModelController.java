package io.clearhouse.reporting.graphql;

import io.clearhouse.support.caller.Caller;
import io.clearhouse.support.problem.Problems;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * The GraphQL queries: arguments bounded ({@link Arguments}), the caller's scope applied
 * ({@link ReaderScope}), keyset pages read ({@link ReadModelQueries}). A statement's lines are read per
 * statement on the page; their number is bounded by the page sizes and the complexity limit.
 */
@Controller
class ReadModelController {

    private final ReadModelQueries queries;
    private final Clock clock;

    ReadModelController(ReadModelQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @QueryMapping
    Connection<Nodes.Statement> statements(@Argument String from, @Argument String to, @Argument String providerId,
                                           @Argument String status, @Argument Integer first, @Argument String after,
                                           @ContextValue(name = GraphqlConfig.CALLER) Caller caller) {
        ReaderScope scope = ReaderScope.of(caller);
        Arguments.Range range = Arguments.range(from, to, clock);
        int n = Arguments.first(first);
        List<String> cursor = Cursors.decode("statement", after, 2);
        parsed(() -> cursor == null ? null : LocalDate.parse(cursor.get(0)));
        Optional<ReaderScope.ProviderFilter> filter = scope.filter(Arguments.providerId(providerId));
        if (filter.isEmpty()) {
            return Connection.empty();
        }
        return Connection.of(queries.statements(range.from(), range.to(), filter.get().providerId(),
                scope.providerOnly(), status, cursor, n + 1), n,
                s -> Cursors.encode("statement", s.periodStart(), s.statementId()));
    }

    @SchemaMapping(typeName = "Statement", field = "lines")
    Connection<Nodes.StatementLine> lines(Nodes.Statement statement, @Argument Integer first, @Argument String after) {
        int n = Arguments.first(first);
        List<String> cursor = Cursors.decode("line", after, 1);
        Integer afterIndex = parsed(() -> cursor == null ? null : Integer.valueOf(cursor.get(0)));
        return Connection.of(queries.lines(statement.statementId(), afterIndex, n + 1), n,
                l -> Cursors.encode("line", l.lineIndex()));
    }

    /** The line's statement, under the same scope (a line is only reached through a visible statement). */
    @SchemaMapping(typeName = "StatementLine", field = "statement")
    Nodes.Statement statement(Nodes.StatementLine line, @ContextValue(name = GraphqlConfig.CALLER) Caller caller) {
        ReaderScope scope = ReaderScope.of(caller);
        return queries.statement(line.statementId(), scope.ownProvider(), scope.providerOnly())
                .orElseThrow(() -> new Problems.NotFound("statement not found"));
    }

    @QueryMapping
    Connection<Nodes.DailyActivity> dailyActivity(@Argument String from, @Argument String to,
                                                  @Argument String providerId, @Argument Integer first,
                                                  @Argument String after,
                                                  @ContextValue(name = GraphqlConfig.CALLER) Caller caller) {
        ReaderScope scope = ReaderScope.of(caller);
        Arguments.Range range = Arguments.range(from, to, clock);
        int n = Arguments.first(first);
        List<String> cursor = Cursors.decode("activity", after, 5);
        parsed(() -> cursor == null ? null : LocalDate.parse(cursor.get(0)));
        Optional<ReaderScope.ProviderFilter> filter = scope.filter(Arguments.providerId(providerId));
        if (filter.isEmpty()) {
            return Connection.empty();
        }
        return Connection.of(queries.dailyActivity(range.from(), range.to(), filter.get().providerId(), cursor, n + 1),
                n, a -> Cursors.encode("activity", a.businessDate(), a.providerId(), a.brandId(), a.currency(),
                        a.gameType()));
    }

    /** A PROVIDER reads its own provider's breaks (as reconciliation's REST lets it), never another's. */
    @QueryMapping
    Connection<Nodes.Break> breaks(@Argument String from, @Argument String to, @Argument String providerId,
                                   @Argument Integer first, @Argument String after,
                                   @ContextValue(name = GraphqlConfig.CALLER) Caller caller) {
        ReaderScope scope = ReaderScope.of(caller);
        Arguments.Range range = Arguments.range(from, to, clock);
        int n = Arguments.first(first);
        List<String> cursor = Cursors.decode("break", after, 1);
        Long afterId = parsed(() -> cursor == null ? null : Long.valueOf(cursor.get(0)));
        Optional<ReaderScope.ProviderFilter> filter = scope.filter(Arguments.providerId(providerId));
        if (filter.isEmpty()) {
            return Connection.empty();
        }
        return Connection.of(queries.breaks(range.from(), range.to(), filter.get().providerId(), afterId, n + 1), n,
                b -> Cursors.encode("break", b.breakId()));
    }

    @QueryMapping
    Connection<Nodes.Report> reports(@Argument String from, @Argument String to, @Argument String providerId,
                                     @Argument String status, @Argument Integer first, @Argument String after,
                                     @ContextValue(name = GraphqlConfig.CALLER) Caller caller) {
        ReaderScope scope = ReaderScope.of(caller);
        Arguments.Range range = Arguments.range(from, to, clock);
        int n = Arguments.first(first);
        List<String> cursor = Cursors.decode("report", after, 1);
        Long beforeId = parsed(() -> cursor == null ? null : Long.valueOf(cursor.get(0)));
        Optional<ReaderScope.ProviderFilter> filter = scope.filter(Arguments.providerId(providerId));
        if (filter.isEmpty()) {
            return Connection.empty();
        }
        return Connection.of(queries.reports(range.from(), range.to(), filter.get().providerId(), scope.providerOnly(),
                status, beforeId, n + 1), n, r -> Cursors.encode("report", r.id()));
    }

    /** One business date of ingest's ledger (read-only view), by transaction id. */
    @QueryMapping
    Connection<Nodes.Transaction> transactions(@Argument String date, @Argument String providerId,
                                               @Argument Integer first, @Argument String after,
                                               @ContextValue(name = GraphqlConfig.CALLER) Caller caller) {
        ReaderScope scope = ReaderScope.of(caller);
        LocalDate day = Arguments.day(date, clock);
        int n = Arguments.first(first);
        List<String> cursor = Cursors.decode("transaction", after, 2);
        UUID afterId = parsed(() -> {
            if (cursor == null) {
                return null;
            }
            if (!LocalDate.parse(cursor.get(0)).equals(day)) {
                throw new IllegalArgumentException("a cursor of another date");
            }
            return UUID.fromString(cursor.get(1));
        });
        Optional<ReaderScope.ProviderFilter> filter = scope.filter(Arguments.providerId(providerId));
        if (filter.isEmpty()) {
            return Connection.empty();
        }
        return Connection.of(queries.transactions(day, filter.get().providerId(), afterId, n + 1), n,
                t -> Cursors.encode("transaction", t.businessDate(), t.transactionId()));
    }

    /** A cursor's key that does not parse was not made here: 400 naming {@code after}. */
    private static <T> T parsed(Supplier<T> key) {
        try {
            return key.get();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new Problems.Invalid("after", "is not a cursor of this connection");
        }
    }
}
