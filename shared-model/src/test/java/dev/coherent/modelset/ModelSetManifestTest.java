package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coherent.json.Json;
import dev.coherent.store.MalformedModelException;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.testutil.ModelSetFixture;
import java.nio.file.Files;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The manifest's typed records: read back as written, and refused with a named reason when malformed. */
class ModelSetManifestTest {

    @Test
    void aTrainedManifestReadsBackToTheSameBytes() throws Exception {
        byte[] bytes = Files.readAllBytes(ModelSetFixture.modelSet().resolve(ModelSetLayout.MANIFEST));
        ModelSetManifest manifest = ModelSetLoader.readManifest(bytes, "fixture");
        assertEquals("linear", manifest.schedule().kind());
        assertEquals(1000, manifest.schedule().toSchedule().steps());
        CohortInfo cohort = manifest.cohort();
        assertEquals(cohort.patients(), cohort.train() + cohort.val() + cohort.test());
        assertEquals(null, cohort.space());
        assertArrayEquals(
                Json.MAPPER.readTree(bytes).toString().getBytes(),
                Json.MAPPER.valueToTree(manifest).toString().getBytes());
    }

    @Test
    void splitSizesThatDoNotAddUpAreRefused() {
        MalformedModelException e = refused(m -> ((ObjectNode) m.get("cohort")).put("test", 7777));
        assertTrue(e.getMessage().contains("do not add up"), e.getMessage());
    }

    @Test
    void anUnknownScheduleIsRefused() {
        MalformedModelException e = refused(m -> ((ObjectNode) m.get("schedule")).put("kind", "cosine"));
        assertTrue(e.getMessage().contains("unknown noise schedule kind 'cosine'"), e.getMessage());
        e = refused(m -> ((ObjectNode) m.get("schedule")).put("beta_end", 1.5));
        assertTrue(e.getMessage().contains("invalid noise schedule"), e.getMessage());
    }

    @Test
    void aMissingScheduleIsRefused() {
        MalformedModelException e = refused(m -> m.remove("schedule"));
        assertTrue(e.getMessage().contains("are required"), e.getMessage());
    }

    private static MalformedModelException refused(Consumer<ObjectNode> change) {
        return assertThrows(MalformedModelException.class, () -> {
            ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(
                    Files.readAllBytes(ModelSetFixture.modelSet().resolve(ModelSetLayout.MANIFEST)));
            change.accept(tree);
            ModelSetLoader.readManifest(Json.MAPPER.writeValueAsBytes(tree), "changed manifest");
        });
    }
}
