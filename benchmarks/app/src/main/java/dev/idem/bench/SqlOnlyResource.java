package dev.idem.bench;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Phases B_sql and C_sql: the statements Idem runs for a first request, written out by hand around
 * the same business work, with no Idem at all (no key parsing, hashing, body capture, batching or
 * filters). What B and C cost beyond these endpoints is Idem's own time, measured over the same
 * HTTP stack, the same JTA and Hibernate ORM, the same connection pool and the same PostgreSQL.
 */
@Path("/")
public class SqlOnlyResource {

    @Inject
    IdemSql sql;

    @Inject
    Orders orders;

    /** Separate mode's statements: the claim, the business transaction, the completion, each committed on its own. */
    @POST
    @Path("sql/orders")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response separate(@HeaderParam("Idempotency-Key") String key, String body) {
        IdemSql.Claim claim = IdemSql.Claim.of(key);
        if (!sql.claimAlone(claim)) {
            return Response.status(Response.Status.CONFLICT).build();
        }
        Response response = orders.place(body);
        sql.completeAlone(claim, response);
        return response;
    }

    /** Same-transaction mode's statements: the key's lock and check, the business row, the record, in one transaction. */
    @POST
    @Path("sql-tx/orders")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response sameTransaction(@HeaderParam("Idempotency-Key") String key, String body) {
        return sql.inOneTransaction(IdemSql.Claim.of(key), () -> orders.place(body));
    }
}
