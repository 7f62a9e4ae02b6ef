package io.clearhouse.reporting.report;

/** DRAFT while any statement in the report is a draft; FINAL once every one is approved (or paid). */
public enum ReportStatus { DRAFT, FINAL }
