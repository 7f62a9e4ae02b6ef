/** Statements (lines, explanation, approval, payment) and reports (archived files, the daily report), streamed from the gateway. */
package io.clearhouse.console.statement;
