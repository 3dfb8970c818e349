package dev.idem.internal.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idem.Idempotent;
import dev.idem.internal.config.SettingsResolver;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which resource methods the document marks, with which settings: the ones the request filter applies. */
class IdempotentEndpointsTest {

    @Path("/shop/")
    @Idempotent(ttl = "PT2H", keyMaxLength = 100)
    public static class Shop {
        @POST
        public void create() {
        }

        @PUT
        @Path("{id: [0-9]+}")
        public void replace() {
        }

        @DELETE
        @Path("{id}")
        @Idempotent(enabled = false)
        public void remove() {
        }

        /** A sub-resource locator: no HTTP method, nothing to document. */
        @Path("items")
        public Object items() {
            return null;
        }

        public void helper() {
        }
    }

    @Path("/plain")
    public static class Plain {
        @POST
        public void create() {
        }

        @GET
        @Path("/{id}")
        @Idempotent(required = false)
        public void onlyThisOne() {
        }
    }

    @Path("/contract")
    public interface Contract {
        @POST
        @Path("/pay")
        void pay();
    }

    public static class Implementation implements Contract {
        @Override
        @Idempotent
        public void pay() {
        }
    }

    private final Map<String, String> config = new HashMap<>();

    private List<Endpoint> endpoints(Class<?>... classes) {
        return new IdempotentEndpoints(new SettingsResolver(name -> Optional.ofNullable(config.get(name))))
                .of(List.of(classes));
    }

    private Endpoint endpoint(List<Endpoint> endpoints, String method, String path) {
        return endpoints.stream().filter(e -> e.httpMethod().equals(method) && e.path().equals(path))
                .findFirst().orElseThrow(() -> new AssertionError(method + " " + path + " not in " + endpoints));
    }

    @Test
    void classAnnotation_marksEveryResourceMethod_exceptThoseSwitchedOff() {
        List<Endpoint> endpoints = endpoints(Shop.class);
        assertThat(endpoints).extracting(e -> e.httpMethod() + " " + e.path())
                .containsExactlyInAnyOrder("POST /shop", "PUT /shop/{id}");
        assertThat(endpoint(endpoints, "PUT", "/shop/{id}").settings().ttl()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void perMethodConfiguration_winsOverTheAnnotation_perClassConfigurationTooForTheOthers() {
        config.put("idem.\"" + Shop.class.getName() + "/create\".ttl", "PT30M");
        config.put("idem.\"" + Shop.class.getName() + "/create\".key.pattern", "[a-z]+");
        config.put("idem.\"" + Shop.class.getName() + "\".key.max-length", "64");
        config.put("idem.key.min-length", "20");
        List<Endpoint> endpoints = endpoints(Shop.class);

        Endpoint create = endpoint(endpoints, "POST", "/shop");
        assertThat(create.settings().ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(create.settings().keyPattern().pattern()).isEqualTo("[a-z]+");
        assertThat(create.settings().keyMaxLength()).isEqualTo(64);
        assertThat(create.settings().keyMinLength()).isEqualTo(20);

        Endpoint replace = endpoint(endpoints, "PUT", "/shop/{id}");
        assertThat(replace.settings().ttl()).isEqualTo(Duration.ofHours(2));
        assertThat(replace.settings().keyPattern()).isNull();
        assertThat(replace.settings().keyMaxLength()).isEqualTo(64);
    }

    @Test
    void configurationCanSwitchAnOperationOff() {
        config.put("idem.\"" + Shop.class.getName() + "/create\".enabled", "false");
        assertThat(endpoints(Shop.class)).extracting(Endpoint::path).containsExactly("/shop/{id}");
        config.put("idem.enabled", "false");
        assertThat(endpoints(Shop.class)).isEmpty();
    }

    @Test
    void unannotatedMethods_areNotMarked() {
        List<Endpoint> endpoints = endpoints(Plain.class);
        assertThat(endpoints).extracting(e -> e.httpMethod() + " " + e.path()).containsExactly("GET /plain/{id}");
        assertThat(endpoints.get(0).settings().required()).isFalse();
    }

    @Test
    void jaxRsAnnotationsInheritedFromAnInterface_areFollowed() {
        assertThat(endpoints(Implementation.class)).extracting(e -> e.httpMethod() + " " + e.path())
                .containsExactly("POST /contract/pay");
    }

    @Test
    void aClassWithoutPath_isNoResource() {
        assertThat(endpoints(String.class, IdempotentEndpointsTest.class)).isEmpty();
    }
}
