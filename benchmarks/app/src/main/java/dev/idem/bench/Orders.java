package dev.idem.bench;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The business work, identical behind every benchmarked endpoint: read {@code ref} and
 * {@code amount} from a small JSON body, insert one row, answer 201 with a Location and a short
 * JSON body. {@code REQUIRED}: in same-transaction mode it joins Idem's transaction.
 */
@ApplicationScoped
public class Orders {

    @Inject
    EntityManager em;

    @Transactional
    public Response place(String body) {
        BenchOrder order = new BenchOrder();
        order.setRef(truncate(stringField(body, "ref"), 64));
        order.setAmount(numberField(body, "amount"));
        order.setBodyLength(body == null ? 0 : body.length());
        em.persist(order);
        em.flush();
        String json = "{\"id\":" + order.getId() + ",\"ref\":\"" + order.getRef() + "\",\"amount\":" + order.getAmount() + "}";
        return Response.created(URI.create("/orders/" + order.getId()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(json)
                .build();
    }

    /**
     * Keeps the request in the resource for {@code millis} (the large-body runs: every request in
     * flight then sits here, its body read, when the heap is sampled). Outside any transaction.
     */
    static void hold(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The value of {@code "name":"..."} in a flat JSON object, or "" (no escapes: the benchmark sends none). */
    static String stringField(String body, String name) {
        if (body == null) {
            return "";
        }
        String marker = "\"" + name + "\":\"";
        int start = body.indexOf(marker);
        if (start < 0) {
            return "";
        }
        start += marker.length();
        int end = body.indexOf('"', start);
        return end < 0 ? "" : body.substring(start, end);
    }

    /** The value of {@code "name":N} in a flat JSON object, or 0. */
    static long numberField(String body, String name) {
        if (body == null) {
            return 0;
        }
        String marker = "\"" + name + "\":";
        int start = body.indexOf(marker);
        if (start < 0) {
            return 0;
        }
        start += marker.length();
        int end = start;
        while (end < body.length() && (Character.isDigit(body.charAt(end)) || body.charAt(end) == '-')) {
            end++;
        }
        try {
            return Long.parseLong(body.substring(start, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
