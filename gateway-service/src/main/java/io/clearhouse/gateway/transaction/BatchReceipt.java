package io.clearhouse.gateway.transaction;

import java.util.List;

/** The 202 answer to a batch: one receipt per item, in request order. */
public record BatchReceipt(String requestId, int accepted, List<Receipt> receipts) {
}
