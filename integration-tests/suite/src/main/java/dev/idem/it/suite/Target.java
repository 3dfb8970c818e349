package dev.idem.it.suite;

import io.restassured.RestAssured;
import java.net.URI;

/**
 * Where the application under test listens: the system property {@code idem.it.base-url}
 * (for example {@code http://localhost:9080/idem-it}), or else wherever RestAssured's defaults
 * point, which is how {@code @QuarkusTest} hands over its random test port.
 */
final class Target {

    static final String BASE_URL_PROPERTY = "idem.it.base-url";

    private Target() {
    }

    static URI baseUri() {
        String configured = System.getProperty(BASE_URL_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return URI.create(configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured);
        }
        String basePath = RestAssured.basePath == null || RestAssured.basePath.equals("/") ? "" : RestAssured.basePath;
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + basePath);
    }

    static String origin(URI base) {
        return base.getScheme() + "://" + base.getHost();
    }

    static int port(URI base) {
        if (base.getPort() != -1) {
            return base.getPort();
        }
        return "https".equals(base.getScheme()) ? 443 : 80;
    }

    static String basePath(URI base) {
        return base.getRawPath() == null ? "" : base.getRawPath();
    }
}
