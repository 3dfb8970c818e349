package dev.idem.it.quarkus;

import dev.idem.Idempotent;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NonBlockingEndpointRefusedTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = ReactiveRefusal.refusing(NonBlockingOrders.class, "createOnEventLoop");

    @Test
    void idempotentNonBlockingMethod_failsStartUp() {
        // Never runs: the extension checks the start-up failure.
    }

    @Path("/reactive/non-blocking")
    @IfBuildProperty(name = ReactiveRefusal.ENABLED, stringValue = "true")
    public static class NonBlockingOrders {

        @POST
        @Idempotent
        @NonBlocking
        public String createOnEventLoop() {
            return "created";
        }
    }
}
