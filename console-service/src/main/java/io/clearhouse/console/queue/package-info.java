/** The work queues: reconciliation breaks and ingest exceptions (assign, comment, resolve, FINANCE approval). */
package io.clearhouse.console.queue;
