/** Today at a glance and the provider drill-down: figures from reporting's GraphQL, ingest's summary and the queues' totals. */
package io.clearhouse.console.overview;
