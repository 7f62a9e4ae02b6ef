/** ADMIN's pages: people, API clients and provider settings; new secrets shown once, never kept. */
package io.clearhouse.console.admin;
