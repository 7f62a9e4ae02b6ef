package io.clearhouse.common.transaction;

/** The game families contracts price differently. */
public enum GameType {
    SLOT, LIVE, TABLE, CRASH, SPORT, OTHER
}
