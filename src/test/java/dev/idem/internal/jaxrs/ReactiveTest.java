package dev.idem.internal.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class ReactiveTest {

    @SuppressWarnings("unused")
    static class Resource {
        public Response response() {
            return null;
        }

        public void nothing() {
        }

        public long number() {
            return 0;
        }

        public String text() {
            return "";
        }

        public List<String> list() {
            return List.of();
        }

        public Object[] array() {
            return new Object[0];
        }

        public CompletionStage<String> stage() {
            return null;
        }

        public CompletableFuture<String> future() {
            return null;
        }

        public Flow.Publisher<String> publisher() {
            return null;
        }

        public void suspended(@Suspended AsyncResponse response) {
        }
    }

    private static String whyAsync(String name) throws NoSuchMethodException {
        for (Method method : Resource.class.getMethods()) {
            if (method.getName().equals(name)) {
                return Reactive.whyAsync(Resource.class, method);
            }
        }
        throw new NoSuchMethodException(name);
    }

    @Test
    void blockingMethods_ofEveryReturnShape_areAccepted() throws Exception {
        for (String name : List.of("response", "nothing", "number", "text", "list", "array")) {
            assertThat(whyAsync(name)).as(name).isNull();
        }
    }

    @Test
    void completionStagesAndTheirSubtypes_areRefused() throws Exception {
        assertThat(whyAsync("stage")).contains("CompletionStage");
        assertThat(whyAsync("future")).contains("CompletionStage");
    }

    @Test
    void publishers_areRefused() throws Exception {
        assertThat(whyAsync("publisher")).contains("Publisher");
    }

    @Test
    void suspendedAsyncResponse_isRefused() throws Exception {
        assertThat(whyAsync("suspended")).contains("AsyncResponse");
    }
}
