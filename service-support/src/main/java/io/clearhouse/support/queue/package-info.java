/**
 * What the services' operator queues share: a page of a list and its paging and sort parameters, a WHERE
 * of optional filters, and an exception queue's table pair (find, lock, list, comment). Each service keeps
 * its own tables, filters, states, endpoints and events; only the mechanism lives here.
 */
package io.clearhouse.support.queue;
