package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.settlement.aggregate.AggregateWriter;
import io.clearhouse.settlement.domain.AggregateLine;
import io.clearhouse.settlement.domain.ContractTerms;
import io.clearhouse.settlement.domain.FxRateBook;
import io.clearhouse.settlement.domain.LedgerArbitraries;
import io.clearhouse.settlement.domain.StatementCalculator;
import io.clearhouse.settlement.domain.StatementInput;
import io.clearhouse.settlement.period.PeriodCloser;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The conservation property through the production counting SQL: random days of play (the same
 * jqwik generators as the domain properties: ADJUSTMENTs of both sides and signs included), fed to
 * {@link AggregateWriter} in random chunks with duplicates and redeliveries, give exactly the
 * aggregates of folding each transaction once with {@link AggregateLine#plus}, and the statement
 * computed from the database has the same bytes as the one computed from the fold.
 */
class AggregationSqlPropertyIT extends SettlementITBase {

    private static final int TRIES = 12;
    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    @Autowired
    AggregateWriter writer;

    @Autowired
    PeriodCloser closer;

    @Test
    void theAggregationSqlCountsEachTransactionOnceAndSumsWhatTheFoldSums() {
        Random random = new Random(20261124L);
        Arbitrary<List<TransactionRecorded>> days = LedgerArbitraries.days().filter(l -> !l.isEmpty());
        Arbitrary<Map<String, Object>> contracts = LedgerArbitraries.contracts();
        List<List<TransactionRecorded>> samples = days.sampleStream().limit(TRIES).toList();
        List<Map<String, Object>> terms = contracts.sampleStream().limit(TRIES).toList();
        FxRateBook fx = new FxRateBook(List.of(rate("EUR", "USD", "1.0531"), rate("EUR", "KRW", "1475.37"),
                rate("EUR", "JPY", "162.91"), rate("EUR", "BHD", "0.3969")));
        for (int t = 0; t < TRIES; t++) {
            String provider = uniqueProvider("prop");
            List<TransactionRecorded> txs = samples.get(t).stream().map(tx -> as(provider, tx)).toList();

            // random chunks, each re-sent with a random part of the ones before (redelivery, duplicates)
            List<TransactionRecorded> shuffled = new ArrayList<>(txs);
            Collections.shuffle(shuffled, random);
            long counted = 0;
            for (int from = 0; from < shuffled.size(); ) {
                int to = Math.min(shuffled.size(), from + 1 + random.nextInt(20));
                List<TransactionRecorded> chunk = new ArrayList<>(shuffled.subList(from, to));
                chunk.addAll(shuffled.subList(0, random.nextInt(to)));
                chunk.add(chunk.get(random.nextInt(chunk.size())));
                counted += writer.count(chunk).counted();
                from = to;
            }
            assertThat(counted).isEqualTo(txs.size());

            List<AggregateLine> fromSql = closer.aggregates(provider, DAY, DAY);
            List<AggregateLine> fromFold = fold(txs);
            assertThat(byKey(fromSql)).as("try %d", t).isEqualTo(byKey(fromFold));

            Map<String, Object> c = new java.util.LinkedHashMap<>(terms.get(t));
            c.put("settlementCurrency", LedgerArbitraries.CURRENCIES.get(t % LedgerArbitraries.CURRENCIES.size()));
            c.put("fxFallbackDays", 0);
            ContractTerms contract = ContractTerms.fromMap(c);
            assertThat(StatementCalculator.calculate(input(provider, contract, fromSql), fx).sha256())
                    .isEqualTo(StatementCalculator.calculate(input(provider, contract, fromFold), fx).sha256());
        }
    }

    private static StatementInput input(String provider, ContractTerms terms, List<AggregateLine> aggregates) {
        return new StatementInput(provider, DAY, DAY, 1, terms, aggregates, Map.of(), Map.of(), 0, null);
    }

    /** Every transaction once, brands summed, as the close reads them. */
    private static List<AggregateLine> fold(List<TransactionRecorded> txs) {
        Map<String, AggregateLine> byKey = new TreeMap<>();
        for (TransactionRecorded tx : txs) {
            byKey.merge(tx.gameType() + "|" + tx.currency(),
                    AggregateLine.empty(tx.gameType(), tx.currency(), DAY, DAY).plus(tx), AggregateLine::plus);
        }
        return new ArrayList<>(byKey.values());
    }

    private static Map<String, AggregateLine> byKey(List<AggregateLine> lines) {
        return lines.stream().collect(Collectors.toMap(a -> a.gameType() + "|" + a.currency() + "|" + a.postingDate()
                + "|" + a.originDate(), a -> a, AggregateLine::plus, TreeMap::new));
    }

    private static TransactionRecorded as(String provider, TransactionRecorded t) {
        return new TransactionRecorded(t.schemaVersion(), provider + ":" + t.transactionId(), provider, t.providerTxId(),
                t.roundId(), t.playerRef(), t.brandId(), t.gameId(), t.gameType(), t.type(), t.amountMinor(), t.currency(),
                t.occurredAt(), t.businessDate(), t.refTxId(), t.reversesBusinessDate(), t.adjustedType(), t.freeRound(),
                t.campaignId(), t.jackpotContributionMinor(), t.contentHash(), t.recordedAt());
    }

    private static FxRateBook.Rate rate(String base, String quote, String rate) {
        return new FxRateBook.Rate(base, quote, DAY, new BigDecimal(rate), "ECB");
    }
}
