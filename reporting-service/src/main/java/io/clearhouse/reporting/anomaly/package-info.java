/**
 * Anomaly detection on the live ledger flow: hourly series per provider, game type and currency (filled
 * exactly once beside the daily activity), a detector that learns each series' baseline, the evaluator
 * that judges closed intervals, the anomalies with their evidence, metrics, webhook and the operator API.
 * {@link io.clearhouse.reporting.anomaly.AnomalyDetector} and its records are plain Java.
 */
package io.clearhouse.reporting.anomaly;
