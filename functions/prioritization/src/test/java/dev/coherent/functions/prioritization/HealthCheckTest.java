package dev.coherent.functions.prioritization;

import dev.coherent.functions.common.testing.AbstractHealthCheckTest;
import dev.coherent.functions.common.testing.S3MockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health: ready only once the set is loaded, verified and warmed up; live regardless. */
@QuarkusTest
@QuarkusTestResource(S3MockResource.class)
class HealthCheckTest extends AbstractHealthCheckTest {
    HealthCheckTest() {
        super("prioritization");
    }
}
