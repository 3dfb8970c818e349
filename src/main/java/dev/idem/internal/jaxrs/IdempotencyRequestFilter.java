package dev.idem.internal.jaxrs;

import dev.idem.internal.cdi.IdemRuntime;
import dev.idem.internal.engine.Decision;
import dev.idem.internal.engine.Settings;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * Decides before the resource method runs: claim the key and let it run, replay the recorded
 * response, or refuse with a problem. Bound to one resource method by {@link IdempotencyFeature}.
 */
final class IdempotencyRequestFilter implements ContainerRequestFilter {
    private final Settings settings;
    private final RuntimeHandle runtime = new RuntimeHandle();

    IdempotencyRequestFilter(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        IdemRuntime idem = runtime.get();
        Decision decision = idem.engine().begin(new JaxRsRequest(request), settings);
        if (decision instanceof Decision.Proceed proceed) {
            request.setProperty(Attributes.LEASE, proceed.lease());
            idem.tracker().hold(proceed.lease(), idem.engine());
        } else if (decision instanceof Decision.Replay replay) {
            request.abortWith(Responses.replay(replay.response()));
        } else if (decision instanceof Decision.Reject reject) {
            request.abortWith(Responses.problem(reject));
        }
    }
}
