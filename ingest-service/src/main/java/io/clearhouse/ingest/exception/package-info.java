/**
 * The ingest exception queue: conflicts, expired parked rollbacks and dead letters as exceptions an
 * operator lists, assigns, comments and resolves; corrections and replays go through ingest's own topic.
 */
package io.clearhouse.ingest.exception;
