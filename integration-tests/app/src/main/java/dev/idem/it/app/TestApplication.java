package dev.idem.it.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Serves every resource of the test application at the root path. */
@ApplicationPath("/")
public class TestApplication extends Application {
}
