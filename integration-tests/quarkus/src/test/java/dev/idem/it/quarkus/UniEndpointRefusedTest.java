package dev.idem.it.quarkus;

import dev.idem.Idempotent;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UniEndpointRefusedTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = ReactiveRefusal.refusing(UniOrders.class, "createUni");

    @Test
    void idempotentMethodReturningUni_failsStartUp() {
        // Never runs: the extension checks the start-up failure.
    }

    @Path("/reactive/uni")
    @IfBuildProperty(name = ReactiveRefusal.ENABLED, stringValue = "true")
    public static class UniOrders {

        @POST
        @Idempotent
        public Uni<String> createUni() {
            return Uni.createFrom().item("created");
        }
    }
}
