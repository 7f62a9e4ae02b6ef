/** Reporting's anomalies: list, evidence, acknowledgement. */
package io.clearhouse.console.anomaly;
