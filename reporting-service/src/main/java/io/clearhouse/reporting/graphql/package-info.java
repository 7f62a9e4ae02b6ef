/**
 * {@code /graphql}: read-only GraphQL over reporting's read models (statements and their lines, daily
 * activity, breaks, archived reports) with cursor connections (keyset pages), bounded arguments, a
 * maximum depth and complexity, and the REST role and provider rules.
 */
package io.clearhouse.reporting.graphql;
