package dev.idem.it.suite;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of the runtime's Prometheus endpoint: the system property {@code it.metrics-url}, by
 * default {@code /q/metrics} at the application's origin (Quarkus). Sums samples by name and labels.
 */
public final class PrometheusText {
    static final String METRICS_URL_PROPERTY = "it.metrics-url";

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;

    PrometheusText(String text) {
        this.text = text;
    }

    /**
     * The metrics endpoint's text now. A 500 is tried again, twice at most: Open Liberty's
     * MicroProfile Metrics servlet opens an HTTP session per scrape and now and then fails with
     * "The method is called on an invalidated session" (in the servlet, before any metric is read).
     */
    public static PrometheusText scrape() {
        Response response = get();
        for (int retry = 0; retry < 2 && response.statusCode() == 500; retry++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            response = get();
        }
        return new PrometheusText(response.then().statusCode(200).extract().asString());
    }

    private static Response get() {
        return RestAssured.given().urlEncodingEnabled(false).redirects().follow(false)
                .accept("text/plain").get(metricsUrl());
    }

    private static String metricsUrl() {
        String configured = System.getProperty(METRICS_URL_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        URI base = Target.baseUri();
        return Target.origin(base) + ":" + Target.port(base) + "/q/metrics";
    }

    /** {@code idem_outcomes_total} of one method and outcome. */
    public double outcomes(String method, String outcome) {
        return sum("idem_outcomes_total", Map.of("method", method, "outcome", outcome));
    }

    /** The sum of every sample named {@code name} whose labels include all of {@code labels}; 0 when none. */
    public double sum(String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            String rest = line.substring(name.length());
            Map<String, String> found = new HashMap<>();
            if (rest.startsWith("{")) {
                int end = rest.lastIndexOf('}');
                Matcher m = LABEL.matcher(rest.substring(1, end));
                while (m.find()) {
                    found.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
                rest = rest.substring(end + 1);
            } else if (!rest.startsWith(" ")) {
                continue; // another metric whose name starts with this one
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(rest.trim().split("\\s+")[0]);
            }
        }
        return sum;
    }

    /** Whether any sample named {@code name} exists. */
    public boolean has(String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
