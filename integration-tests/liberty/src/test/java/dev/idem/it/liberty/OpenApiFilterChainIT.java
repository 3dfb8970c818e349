package dev.idem.it.liberty;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * An application with its own {@code mp.openapi.filter} (here {@link ApiFilter}) replaces Idem's
 * registration; calling {@code IdempotencyOpenApiFilter} from it keeps Idem's documentation
 * (OpenApiContract checks its content on this server).
 */
class OpenApiFilterChainIT {

    @Test
    void applicationFilterRuns_andIdemsDocumentationIsStillThere() {
        URI base = URI.create(System.getProperty("idem.it.base-url"));
        JsonPath document = JsonPath.from(RestAssured.given()
                .baseUri(base.getScheme() + "://" + base.getHost()).port(base.getPort())
                .accept("application/json")
                .get("/openapi")
                .then().statusCode(200)
                .extract().asString());

        assertThat(document.getString("info.title")).isEqualTo("Idem test application");
        assertThat(document.getMap("paths")).containsKey("/key-rules");
        assertThat(document.getMap("paths.'/key-rules'.post.'x-idempotent'")).containsEntry("ttl", "PT24H");
        assertThat(document.getMap("components.schemas")).containsKey("IdempotencyProblem");
    }
}
