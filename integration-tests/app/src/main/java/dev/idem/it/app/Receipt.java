package dev.idem.it.app;

import java.util.UUID;

/**
 * What {@link PaymentService} answers: a JSON-B-friendly bean (public no-arg constructor,
 * getters and setters) that Idem records and replays. {@code execution} is new on every run, so
 * a replay is told apart from a second run.
 */
public class Receipt {

    private String ref;
    private long amount;
    private String execution;

    public Receipt() {
    }

    /** A receipt for one run of a charge. */
    public static Receipt issue(String ref, long amount) {
        Receipt receipt = new Receipt();
        receipt.ref = ref;
        receipt.amount = amount;
        receipt.execution = UUID.randomUUID().toString();
        return receipt;
    }

    public String getRef() {
        return ref;
    }

    public void setRef(String ref) {
        this.ref = ref;
    }

    public long getAmount() {
        return amount;
    }

    public void setAmount(long amount) {
        this.amount = amount;
    }

    public String getExecution() {
        return execution;
    }

    public void setExecution(String execution) {
        this.execution = execution;
    }
}
