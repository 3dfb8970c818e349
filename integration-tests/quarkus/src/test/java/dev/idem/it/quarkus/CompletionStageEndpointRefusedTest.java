package dev.idem.it.quarkus;

import dev.idem.Idempotent;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CompletionStageEndpointRefusedTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = ReactiveRefusal.refusing(StageOrders.class, "createStage");

    @Test
    void idempotentMethodReturningCompletionStage_failsStartUp() {
        // Never runs: the extension checks the start-up failure.
    }

    @Path("/reactive/stage")
    @IfBuildProperty(name = ReactiveRefusal.ENABLED, stringValue = "true")
    public static class StageOrders {

        @POST
        @Idempotent
        public CompletionStage<String> createStage() {
            return CompletableFuture.completedFuture("created");
        }
    }
}
