package dev.idem.it.app;

import dev.idem.Idempotent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Reports what the logging context (MDC) held while a request ran:
 * {@code {"key":"...","scope":"...","thread":"..."}}, {@code null} for an absent entry. Each
 * endpoint also logs one INFO line of its own, which carries that context to the log handlers.
 */
@Path("/logging-context")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class LoggingContextResource {
    static final Logger LOG = Logger.getLogger(LoggingContextResource.class.getName());

    @Inject
    LoggingContextService service;

    @POST
    @Path("/idempotent")
    @Idempotent
    public String idempotent(String body) {
        LOG.info("placing an idempotent order");
        return report();
    }

    @GET
    @Path("/plain")
    public String plain() {
        LOG.info("serving a request without idempotency");
        return report();
    }

    /** Not idempotent itself: what the {@code @Idempotent} CDI method saw, and what was left after it. */
    @POST
    @Path("/cdi")
    public String cdi(@QueryParam("key") String key) {
        String inside = service.report(key);
        return Json.object("inside", new Json.Raw(inside), "after", new Json.Raw(report()));
    }

    /** Idempotent, and calls the CDI method with another key: the request's own key comes back after it. */
    @POST
    @Path("/nested")
    @Idempotent
    public String nested(@QueryParam("key") String key) {
        String inside = service.report(key);
        return Json.object("inside", new Json.Raw(inside), "after", new Json.Raw(report()));
    }

    static String report() {
        return Json.object("key", entry("idem.key"), "scope", entry("idem.scope"),
                "thread", Thread.currentThread().getName());
    }

    private static Object entry(String name) {
        Object value = MDC.get(name);
        return value == null ? new Json.Raw("null") : value.toString();
    }
}
