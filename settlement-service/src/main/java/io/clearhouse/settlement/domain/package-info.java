/**
 * The settlement rules as plain Java: contract terms, tiers, deductions, minimum guarantee,
 * carry-forward, FX conversion and rounding. No Spring, no JDBC, no Kafka: everything here is
 * unit- and property-testable, and {@code DomainPurityTest} keeps it that way.
 */
package io.clearhouse.settlement.domain;
