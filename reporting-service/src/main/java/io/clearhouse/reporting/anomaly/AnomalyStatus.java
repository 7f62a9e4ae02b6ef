package io.clearhouse.reporting.anomaly;

/** OPEN until an operator acknowledges it (with a reason); an acknowledged anomaly stays acknowledged. */
public enum AnomalyStatus {
    OPEN, ACKNOWLEDGED;

    /** @throws IllegalStateException when already acknowledged */
    public AnomalyStatus acknowledge() {
        if (this != OPEN) {
            throw new IllegalStateException("the anomaly is already " + this);
        }
        return ACKNOWLEDGED;
    }
}
