package io.clearhouse.common.money;

/** A wire amount that is not a valid amount of its currency; the message is safe to show a client. */
public class MoneyFormatException extends IllegalArgumentException {

    public MoneyFormatException(String message) {
        super(message);
    }
}
