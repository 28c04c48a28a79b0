package dev.coherent.functions.common.testing;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortReader;
import dev.coherent.cohort.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test patients of the example cohort (complete ones), as request JSON and as wide-table rows; shared
 * by the functions' tests through functions-common's test jar.
 */
public final class TestPatients {
    public static final List<String> MODALITIES = List.of("cna", "rnaseq", "rppa", "wsi");
    private static Cohort cohort;
    private static int[] complete;

    private TestPatients() {}

    private static synchronized Cohort cohort() {
        if (cohort == null) {
            Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "../.."));
            cohort = CohortReader.read(root.resolve("examples/data/synthetic-pancancer-small"));
            complete = java.util.Arrays.stream(cohort.indices(Split.TEST))
                    .filter(cohort::complete)
                    .toArray();
        }
        return cohort;
    }

    /** Test patient {@code i}'s values of one modality, in data units. */
    public static float[] values(int i, String modality) {
        Cohort c = cohort();
        return c.modality(modality).row(complete[i]);
    }

    /** A request patient with the given id and modalities of test patient {@code i}. */
    public static Map<String, Object> patient(String id, int i, String... modalities) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String mod : modalities) {
            m.put(mod, values(i, mod));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", id);
        p.put("modalities", m);
        return p;
    }

    /** A request body with the given patients and extra top-level fields (name, value pairs). */
    public static Map<String, Object> body(List<Map<String, Object>> patients, Object... fields) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("patients", patients);
        for (int k = 0; k < fields.length; k += 2) {
            b.put((String) fields[k], fields[k + 1]);
        }
        return b;
    }

    /**
     * A wide TSV: per row an id and the modalities present (others left empty), in the model
     * set's column layout ({@code <modality>_<kk>}, modalities in name order).
     */
    public static String table(char delimiter, List<String> ids, List<List<String>> present) {
        StringBuilder sb = new StringBuilder("sample");
        for (String m : MODALITIES) {
            for (int k = 0; k < 32; k++) {
                sb.append(delimiter).append(m).append(String.format("_%02d", k));
            }
        }
        sb.append('\n');
        for (int r = 0; r < ids.size(); r++) {
            sb.append(ids.get(r));
            for (String m : MODALITIES) {
                float[] v = present.get(r).contains(m) ? values(r, m) : null;
                for (int k = 0; k < 32; k++) {
                    sb.append(delimiter);
                    if (v != null) {
                        sb.append(v[k]);
                    }
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static List<Map<String, Object>> list(Map<String, Object>... patients) {
        return new ArrayList<>(List.of(patients));
    }
}
