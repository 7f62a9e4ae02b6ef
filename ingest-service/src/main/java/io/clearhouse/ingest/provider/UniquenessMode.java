package io.clearhouse.ingest.provider;

/** What makes a provider's transaction unique: its id alone, or its id per player. */
public enum UniquenessMode {
    /** {@code (provider, providerTxId)}: the default. */
    PROVIDER_TX_ID,
    /** {@code (provider, providerTxId, playerRef)}: for providers whose ids are unique per player only. */
    PROVIDER_TX_ID_PLAYER
}
