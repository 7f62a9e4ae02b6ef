/** A transaction's history across the services. */
package io.clearhouse.console.transaction;
