/** Framework wiring: the gateway HTTP client (timeouts, trusted CA), who may open which page, the login form, sign-out, CSRF and security headers. */
package io.clearhouse.console.config;
