package dev.coherent.functions.audit;

import dev.coherent.functions.common.testing.AbstractHealthCheckTest;
import dev.coherent.functions.common.testing.S3MockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health: ready once the set is loaded and verified; live regardless. */
@QuarkusTest
@QuarkusTestResource(S3MockResource.class)
class HealthCheckTest extends AbstractHealthCheckTest {
    HealthCheckTest() {
        super("privacy-audit");
    }
}
