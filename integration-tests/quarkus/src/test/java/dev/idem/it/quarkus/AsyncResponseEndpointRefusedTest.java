package dev.idem.it.quarkus;

import dev.idem.Idempotent;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AsyncResponseEndpointRefusedTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = ReactiveRefusal.refusing(SuspendedOrders.class, "createSuspended");

    @Test
    void idempotentMethodTakingAsyncResponse_failsStartUp() {
        // Never runs: the extension checks the start-up failure.
    }

    @Path("/reactive/suspended")
    @IfBuildProperty(name = ReactiveRefusal.ENABLED, stringValue = "true")
    public static class SuspendedOrders {

        @POST
        @Idempotent
        public void createSuspended(@Suspended AsyncResponse response) {
            response.resume("created");
        }
    }
}
