package dev.idem.it.app;

/** What {@link PaymentService} is asked to charge; a JSON-B-friendly bean, part of the fingerprint. */
public class Payment {

    private String ref;
    private long amount;

    public Payment() {
    }

    public Payment(String ref, long amount) {
        this.ref = ref;
        this.amount = amount;
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
}
