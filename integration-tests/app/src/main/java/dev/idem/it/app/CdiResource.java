package dev.idem.it.app;

import dev.idem.IdempotencyInFlightException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Not idempotent itself: calls {@link PaymentService}'s {@code @Idempotent} methods and reports
 * over HTTP what came back, always with 200. A returned value is reported with the simple names of
 * its Java types, so a replay can be shown to be a real {@code Receipt}, list or {@code Optional}:
 * {@code {"outcome":"returned","type":"Receipt","value":{...}}}. An exception is reported as
 * {@code {"outcome":"thrown","exception":"<simple name>","message":"...","retryAfter":N}}
 * ({@code retryAfter} for {@code IdempotencyInFlightException} only). The key comes from the query
 * parameter {@code key}; without it the method gets {@code null}.
 */
@Path("/cdi")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class CdiResource {

    @Inject
    PaymentService payments;

    @Inject
    CheckoutService checkouts;

    @Inject
    SameTransactionPayments sameTransactionPayments;

    @POST
    @Path("/charge")
    public String charge(@QueryParam("key") String key, @QueryParam("ref") String ref, @QueryParam("amount") long amount) {
        return report(() -> payments.charge(key, new Payment(ref, amount)));
    }

    /** One payment of {@code amount} per comma-separated ref. */
    @POST
    @Path("/charge-all")
    public String chargeAll(@QueryParam("key") String key, @QueryParam("refs") String refs, @QueryParam("amount") long amount) {
        List<Payment> list = new ArrayList<>();
        for (String ref : refs.split(",")) {
            list.add(new Payment(ref, amount));
        }
        return report(() -> payments.chargeAll(key, list));
    }

    @POST
    @Path("/lookup")
    public String lookup(@QueryParam("key") String key, @QueryParam("ref") String ref, @QueryParam("present") boolean present) {
        return report(() -> payments.lookup(key, ref, present));
    }

    @POST
    @Path("/notify")
    public String notifyCustomer(@QueryParam("key") String key, @QueryParam("ref") String ref) {
        try {
            payments.notifyCustomer(key, ref);
            return Json.object("outcome", "returned", "type", "void");
        } catch (RuntimeException e) {
            return thrown(e, false);
        }
    }

    @POST
    @Path("/decline")
    public String decline(@QueryParam("key") String key, @QueryParam("ref") String ref) {
        return report(() -> payments.decline(key, ref));
    }

    @POST
    @Path("/decline-configured")
    public String declineConfigured(@QueryParam("key") String key, @QueryParam("ref") String ref) {
        return report(() -> payments.declineConfigured(key, ref));
    }

    /** Also reports whether the caller got the very exception instance the method threw. */
    @POST
    @Path("/flaky")
    public String flaky(@QueryParam("key") String key, @QueryParam("ref") String ref) {
        try {
            return returned(payments.flaky(key, ref));
        } catch (RuntimeException e) {
            return thrown(e, e == payments.thrownBy(ref));
        }
    }

    @POST
    @Path("/slow-charge")
    public String slowCharge(@QueryParam("key") String key, @QueryParam("ref") String ref, @QueryParam("ms") long ms) {
        return report(() -> payments.slowCharge(key, ref, ms));
    }

    @POST
    @Path("/charge-uuid")
    public String chargeWithUuid(@QueryParam("key") String key, @QueryParam("ref") String ref, @QueryParam("amount") long amount) {
        return report(() -> payments.chargeWithUuid(key == null ? null : UUID.fromString(key), new Payment(ref, amount)));
    }

    @POST
    @Path("/charge-in-transaction")
    public String chargeInTransaction(@QueryParam("key") String key, @QueryParam("ref") String ref,
                                      @QueryParam("amount") long amount, @QueryParam("fail") boolean failAfterInsert) {
        return report(() -> payments.chargeInTransaction(key, new Payment(ref, amount), failAfterInsert));
    }

    @POST
    @Path("/checkout")
    public String checkout(@QueryParam("key") String key, @QueryParam("ref") String ref, @QueryParam("amount") long amount,
                           @QueryParam("ms") long ms, @QueryParam("fail") boolean failAfterCharge) {
        return report(() -> checkouts.checkout(key, new Payment(ref, amount), ms, failAfterCharge));
    }

    @POST
    @Path("/checkout-separately")
    public String checkoutSeparately(@QueryParam("key") String key, @QueryParam("ref") String ref,
                                     @QueryParam("amount") long amount, @QueryParam("fail") boolean failAfterCharge) {
        return report(() -> checkouts.checkoutSeparately(key, new Payment(ref, amount), failAfterCharge));
    }

    /** {@code refund} is declared by {@link PaymentOperations}, the class-level settings are {@link SameTransactionPayments}'. */
    @POST
    @Path("/inherited-refund")
    public String inheritedRefund(@QueryParam("key") String key, @QueryParam("ref") String ref, @QueryParam("amount") long amount) {
        return report(() -> sameTransactionPayments.refund(key, new Payment(ref, amount)));
    }

    @POST
    @Path("/charge-outside-transaction")
    public String chargeOutsideTransaction(@QueryParam("key") String key, @QueryParam("ref") String ref,
                                           @QueryParam("amount") long amount) {
        return report(() -> payments.chargeOutsideTransaction(key, new Payment(ref, amount)));
    }

    private static String report(Supplier<?> call) {
        try {
            return returned(call.get());
        } catch (RuntimeException e) {
            return thrown(e, false);
        }
    }

    private static String returned(Object value) {
        if (value instanceof Optional<?> optional) {
            return Json.object("outcome", "returned", "type", typeOf(value), "present", optional.isPresent(),
                    "valueType", typeOf(optional.orElse(null)), "value", Json.raw(render(optional.orElse(null))));
        }
        if (value instanceof List<?> list) {
            List<String> elementTypes = new ArrayList<>();
            for (Object element : list) {
                elementTypes.add(typeOf(element));
            }
            return Json.object("outcome", "returned", "type", typeOf(value), "list", true,
                    "elementTypes", Json.raw(Json.array(elementTypes)), "value", Json.raw(render(value)));
        }
        return Json.object("outcome", "returned", "type", typeOf(value), "value", Json.raw(render(value)));
    }

    private static String thrown(RuntimeException e, boolean sameInstance) {
        List<Object> fields = new ArrayList<>(List.of(
                "outcome", "thrown",
                "exception", e.getClass().getSimpleName(),
                "class", e.getClass().getName(),
                "message", String.valueOf(e.getMessage()),
                "sameInstance", sameInstance));
        if (e instanceof IdempotencyInFlightException inFlight) {
            fields.add("retryAfter");
            fields.add(inFlight.retryAfterSeconds());
        }
        return Json.object(fields.toArray());
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    private static String render(Object value) {
        if (value instanceof Receipt receipt) {
            return Json.object("ref", String.valueOf(receipt.getRef()), "amount", receipt.getAmount(),
                    "execution", String.valueOf(receipt.getExecution()));
        }
        if (value instanceof List<?> list) {
            List<Json.Raw> elements = new ArrayList<>();
            for (Object element : list) {
                elements.add(Json.raw(render(element)));
            }
            return Json.array(elements);
        }
        return value == null ? "null" : Json.object("toString", value.toString());
    }
}
