/** The one way to the gateway (GatewayHttp: bearer token, problem+json, 401 ends the session), and how refusals reach the page (ConsoleAdvice, Actions). */
package io.clearhouse.console.gateway;
