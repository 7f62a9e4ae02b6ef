/** Who is signed in and how: the gateway's password grant (GatewaySignIn) or the organisation's OpenID Connect provider (OidcSignIn); the person, their role and token, kept only in the session. */
package io.clearhouse.console.signin;
