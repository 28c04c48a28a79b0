package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.coherent.store.ModelStore;
import dev.coherent.store.ModelStores;
import dev.coherent.store.S3Settings;
import dev.coherent.store.TamperedModelException;
import dev.coherent.testutil.ModelSetFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** A model set published to a real S3-compatible server and loaded back by URI. */
class S3ModelSetTest {
    private static final java.util.logging.Logger TOMCAT_LOG = java.util.logging.Logger.getLogger("org.apache");

    static {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        TOMCAT_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder()
            .withSecureConnection(false)
            .withInitialBuckets("models")
            .withProperty("com.adobe.testing.s3mock.region", "us-east-1")
            .silent()
            .build();

    @Test
    void publishedSetLoadsFromS3AndATamperedObjectIsRefused(@TempDir Path cache) {
        S3Settings settings = new S3Settings(S3.getServiceEndpoint(), "us-east-1", true, "foo", "bar");
        try (ModelStore store = ModelStores.open("s3://models/sets/v1", settings)) {
            store.publish(ModelSetFixture.modelSet());
        }
        try (ModelSet set = ModelSet.open("s3://models/sets/v1", settings, cache)) {
            assertEquals("fixture", set.version());
            assertEquals(16, set.models().size());
        }
        try (S3Client client = S3.createS3ClientV2()) {
            client.putObject(
                    b -> b.bucket("models").key("sets/v1/models/cna_from_wsi/saved_model.pb"),
                    RequestBody.fromString("not a model"));
        }
        assertThrows(TamperedModelException.class, () -> ModelSet.open("s3://models/sets/v1", settings, cache));
    }
}
