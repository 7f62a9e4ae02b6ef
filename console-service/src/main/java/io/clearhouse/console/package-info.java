/** The back-office console (docs/decisions/console.md): server-rendered pages over the gateway's APIs. */
package io.clearhouse.console;
