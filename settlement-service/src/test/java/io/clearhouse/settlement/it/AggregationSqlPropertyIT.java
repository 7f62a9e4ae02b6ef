package io.clearhouse.settlement.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clearhouse.common.testing.Gen;
import io.clearhouse.common.testing.PropertyCheck;
import io.clearhouse.common.transaction.TransactionRecorded;
import io.clearhouse.settlement.aggregate.AggregateWriter;
import io.clearhouse.settlement.domain.AggregateLine;
import io.clearhouse.settlement.domain.ContractTerms;
import io.clearhouse.settlement.domain.FxRateBook;
import io.clearhouse.settlement.domain.LedgerGenerators;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The conservation property through the production counting SQL: random days of play (the same
 * seeded generators as the domain properties: ADJUSTMENTs of both sides and signs included), fed to
 * {@link AggregateWriter} in random chunks with duplicates and redeliveries, give exactly the
 * aggregates of folding each transaction once with {@link AggregateLine#plus}, and the statement
 * computed from the database has the same bytes as the one computed from the fold. The non-empty
 * edge days run first, each settled in the next currency of the list under the next edge contract.
 */
class AggregationSqlPropertyIT extends SettlementITBase {

    private static final int TRIES = 12;
    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    @Autowired
    AggregateWriter writer;

    @Autowired
    PeriodCloser closer;

    /** One try: a day of play, the contract and currency it is settled in, and the seed of its chunking. */
    record Try(List<TransactionRecorded> txs, Map<String, Object> contract, String currency, long chunkSeed) {
    }

    @Test
    void theAggregationSqlCountsEachTransactionOnceAndSumsWhatTheFoldSums() {
        PropertyCheck.forAll(r -> new Try(LedgerGenerators.nonEmptyDay(r), LedgerGenerators.contract(r),
                        Gen.oneOf(r, LedgerGenerators.CURRENCIES), r.nextLong()))
                .edgeCases(edgeTries()).tries(TRIES).check(this::countsEachTransactionOnceAndSumsWhatTheFoldSums);
    }

    private void countsEachTransactionOnceAndSumsWhatTheFoldSums(Try t) {
        FxRateBook fx = new FxRateBook(List.of(rate("EUR", "USD", "1.0531"), rate("EUR", "KRW", "1475.37"),
                rate("EUR", "JPY", "162.91"), rate("EUR", "BHD", "0.3969")));
        Random random = new Random(t.chunkSeed());
        String provider = uniqueProvider("prop");
        List<TransactionRecorded> txs = t.txs().stream().map(tx -> as(provider, tx)).toList();

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
        assertThat(byKey(fromSql)).as("aggregates of %s", provider).isEqualTo(byKey(fromFold));

        Map<String, Object> c = new java.util.LinkedHashMap<>(t.contract());
        c.put("settlementCurrency", t.currency());
        c.put("fxFallbackDays", 0);
        ContractTerms contract = ContractTerms.fromMap(c);
        assertThat(StatementCalculator.calculate(input(provider, contract, fromSql), fx).sha256())
                .isEqualTo(StatementCalculator.calculate(input(provider, contract, fromFold), fx).sha256());
    }

    /** Every non-empty edge day, the currencies and edge contracts taken in turn. */
    private static List<Try> edgeTries() {
        List<List<TransactionRecorded>> days = LedgerGenerators.edgeDays().stream().filter(d -> !d.isEmpty()).toList();
        List<Map<String, Object>> contracts = LedgerGenerators.edgeContracts();
        List<String> currencies = LedgerGenerators.CURRENCIES;
        List<Try> tries = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            tries.add(new Try(days.get(i), contracts.get(i % contracts.size()), currencies.get(i % currencies.size()), i));
        }
        return tries;
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
