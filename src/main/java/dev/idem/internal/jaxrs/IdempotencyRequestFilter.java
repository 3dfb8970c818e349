package dev.idem.internal.jaxrs;

import dev.idem.internal.cdi.IdemRuntime;
import dev.idem.internal.cdi.RequestTransaction;
import dev.idem.internal.engine.Decision;
import dev.idem.internal.engine.IdempotencyEngine;
import dev.idem.internal.engine.Settings;
import dev.idem.internal.engine.TransactionMode;
import dev.idem.internal.telemetry.LoggingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * Decides before the resource method runs: claim the key and let it run, replay the recorded
 * response, or refuse with a problem. Bound to one resource method by {@link IdempotencyFeature}.
 * In same-transaction mode it first opens the JTA transaction that the claim, the resource's
 * work and the recorded response share.
 */
final class IdempotencyRequestFilter implements ContainerRequestFilter {
    private final Settings settings;
    private final RuntimeHandle runtime = new RuntimeHandle();

    IdempotencyRequestFilter(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        LoggingContext.clear(); // the engine puts this request's key once it is valid
        IdemRuntime idem = runtime.get();
        IdempotencyEngine engine = idem.engine(settings.transaction());
        RequestTransaction transaction = settings.transaction() == TransactionMode.SAME
                ? RequestTransaction.begin(idem.userTransaction())
                : null;
        Decision decision;
        try {
            decision = engine.begin(new JaxRsRequest(request), settings);
        } catch (RuntimeException e) {
            LoggingContext.clear();
            if (transaction != null) {
                transaction.rollback();
            }
            throw e;
        }
        LoggingContext.Saved logging = LoggingContext.save();
        if (!logging.isEmpty()) {
            request.setProperty(Attributes.LOGGING, logging); // cleared by the response filter
        }
        if (decision instanceof Decision.Proceed proceed) {
            request.setProperty(Attributes.LEASE, new Attributes.Held(proceed.lease(), engine, transaction));
            idem.tracker().hold(proceed.lease(), engine, transaction);
            return;
        }
        if (transaction != null) {
            transaction.rollback();
        }
        if (decision instanceof Decision.Replay replay) {
            request.abortWith(Responses.replay(replay.response()));
        } else if (decision instanceof Decision.Reject reject) {
            request.abortWith(Responses.problem(reject));
        }
    }
}
