package dev.coherent.functions.common.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.coherent.functions.common.modelset.ModelSetStatus;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** What the readiness and startup checks report in each state of the model set. */
class ModelSetReadinessHealthCheckTest {

    @Test
    void upOnlyWhenReadyWithVersionShaAndLoadTime() {
        HealthCheckResponse r = ModelSetReadinessHealthCheck.describe(new ModelSetStatus(
                ModelSetStatus.State.READY,
                "s3://models/set",
                "v1",
                "ab12",
                "loaded, verified and warmed up",
                Duration.ofMillis(1500)));
        assertEquals(HealthCheckResponse.Status.UP, r.getStatus());
        assertEquals(ModelSetReadinessHealthCheck.NAME, r.getName());
        Map<String, Object> data = r.getData().orElseThrow();
        assertEquals("ready", data.get("state"));
        assertEquals("v1", data.get("version"));
        assertEquals("ab12", data.get("sha256"));
        assertEquals("1.50", data.get("load_seconds"));
    }

    @Test
    void downWhileLoadingAndAfterAFailureWithTheReason() {
        HealthCheckResponse loading = ModelSetReadinessHealthCheck.describe(new ModelSetStatus(
                ModelSetStatus.State.LOADING, "s3://models/set", null, null, "loading and verifying", null));
        assertEquals(HealthCheckResponse.Status.DOWN, loading.getStatus());
        assertEquals("loading", loading.getData().orElseThrow().get("state"));
        assertFalse(loading.getData().orElseThrow().containsKey("version"));
        HealthCheckResponse failed = ModelSetReadinessHealthCheck.describe(new ModelSetStatus(
                ModelSetStatus.State.FAILED, "/models", null, null, "model set test failed its integrity check", null));
        assertEquals(HealthCheckResponse.Status.DOWN, failed.getStatus());
        assertEquals("failed", failed.getData().orElseThrow().get("state"));
        assertEquals(
                "model set test failed its integrity check",
                failed.getData().orElseThrow().get("detail"));
    }
}
