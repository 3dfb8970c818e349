package dev.idem.it.app;

import dev.idem.IdempotencyAdmin;
import dev.idem.IdempotencyRecordView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * Idem's administration API over HTTP, as support tooling would wrap it (a real application
 * would secure such an endpoint). With {@code principal} or {@code tenant}, one caller's record
 * of the key (the tenant is the {@code X-Tenant} scope header of {@code /tenant/orders});
 * without them, the key in every scope.
 */
@Path("/admin/records")
@ApplicationScoped
public class AdminResource {

    @Inject
    IdempotencyAdmin admin;

    @GET
    public Response find(@QueryParam("key") String key, @QueryParam("principal") String principal,
                         @QueryParam("tenant") String tenant) {
        List<IdempotencyRecordView> records = principal == null && tenant == null
                ? admin.find(key)
                : admin.find(key, principal, scopeHeaders(tenant)).map(List::of).orElse(List.of());
        return json(Json.array(records.stream().map(AdminResource::toJson).toList()));
    }

    @DELETE
    public Response release(@QueryParam("key") String key, @QueryParam("principal") String principal,
                            @QueryParam("tenant") String tenant) {
        int released = principal == null && tenant == null
                ? admin.release(key)
                : admin.release(key, principal, scopeHeaders(tenant)) ? 1 : 0;
        return json(Json.object("released", released));
    }

    @POST
    @Path("/purge")
    public Response purge() {
        return json(Json.object("purged", admin.purgeExpired()));
    }

    private static Map<String, String> scopeHeaders(String tenant) {
        return tenant == null ? Map.of() : Map.of(TenantOrderResource.TENANT_HEADER, tenant);
    }

    private static Json.Raw toJson(IdempotencyRecordView record) {
        return Json.raw(Json.object(
                "scope", record.scope(),
                "key", record.key(),
                "state", record.state().name(),
                "status", orNull(record.status()),
                "headerNames", Json.raw(Json.array(record.headerNames())),
                "bodySize", orNull(record.bodySize()),
                "expired", record.expired(),
                "readable", record.readable()));
    }

    private static Object orNull(Object value) {
        return value == null ? Json.raw("null") : value;
    }

    private static Response json(String body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
