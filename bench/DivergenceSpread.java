import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortReader;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.SamplerKind;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.StepVariance;
import dev.coherent.imputation.ImputationRequest;
import dev.coherent.imputation.Imputer;
import dev.coherent.metrics.Divergence;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.SamplingPlan;
import dev.coherent.modelset.StandardizedCohort;
import dev.coherent.modelset.Subsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measurement behind the divergence guard ({@link Divergence}): in the model set's standardized
 * space, the mean square per feature of real patients and of single draws, and the guard's spread
 * (the variance across one patient's draws, averaged over features) for several samplers.
 *
 * <p>Run by {@code bench/divergence.sh}: {@code java -cp 'training-tools/target/lib/*'
 * bench/DivergenceSpread.java MODELS COHORT [PATIENTS] [DRAWS] [SAMPLERS]}. Per target it takes up to
 * PATIENTS test patients and two condition sets (each single other modality, and all of them), every
 * diffusion method the set has (the linear method once, as a reference), DRAWS antithetic-pair draws.
 */
public final class DivergenceSpread {

    private static String quantiles(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return String.format(Locale.ROOT, "%6d | %6.2f | %6.2f | %6.2f | %6.2f | %7.2f", n, s[(int) (0.5 * (n - 1))],
                s[(int) (0.9 * (n - 1))], s[(int) (0.99 * (n - 1))], s[(int) (0.999 * (n - 1))], s[n - 1]);
    }

    private static String above(double[] v, double t) {
        long c = Arrays.stream(v).filter(x -> x > t).count();
        return String.format(Locale.ROOT, "%5.1f%%", 100.0 * c / v.length);
    }

    private static double meanSquare(float[] z) {
        double a = 0;
        for (float x : z) {
            a += x * (double) x;
        }
        return a / z.length;
    }

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args[0]);
        Path cohortDir = Path.of(args[1]);
        int maxPatients = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int draws = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Map<String, SamplerSettings> samplers = new LinkedHashMap<>();
        samplers.put("linear method", SamplerSettings.DEFAULT);
        samplers.put("default: " + SamplerSettings.DEFAULT.describe(), SamplerSettings.DEFAULT);
        samplers.put("ddim, 50 steps, eta 1.0, variance fixed", SamplerSettings.DEFAULT.withVariance(StepVariance.FIXED));
        samplers.put("ddim, 10 steps, eta 1.0, variance auto", SamplerSettings.of(SamplerKind.DDIM, 10, null, null, 1000));
        samplers.put("ddpm, 1000 steps (reference)", SamplerSettings.ddpm());
        for (int steps : new int[] {100, 50, 10}) {
            samplers.put("ddim, " + steps + " steps, eta 0.0, variance fixed (deterministic)", SamplerSettings.ddim(steps));
            samplers.put("ddim, " + steps + " steps, eta 0.0, variance auto",
                    SamplerSettings.ddim(steps).withVariance(StepVariance.AUTO));
        }
        if (args.length > 4) {
            List<String> keep = List.of(args[4].split(","));
            samplers.keySet().removeIf(k -> keep.stream().noneMatch(k::startsWith));
        }
        try (ModelSet set = ModelSet.load(models)) {
            Cohort cohort = set.modelSpace(CohortReader.read(cohortDir));
            StandardizedCohort data = StandardizedCohort.of(set, cohort);
            System.out.println("## Real patients: mean square per feature (standardized)");
            System.out.println();
            System.out.println("| modality | split | n | p50 | p90 | p99 | p99.9 | max | > 3 |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            for (String m : set.modalities()) {
                for (Split sp : Split.values()) {
                    int[] idx = data.having(sp, List.of(m));
                    if (idx.length == 0) {
                        continue;
                    }
                    double[] v = Arrays.stream(idx).mapToDouble(i -> meanSquare(data.row(m, i))).toArray();
                    System.out.println("| " + m + " | " + sp.name().toLowerCase(Locale.ROOT) + " | " + quantiles(v)
                            + " | " + above(v, Divergence.MAX_SPREAD) + " |");
                }
            }
            System.out.println();
            System.out.println("## Draws of " + draws + " per test patient (up to " + maxPatients + " per target and"
                    + " condition set)");
            System.out.println();
            System.out.println("Per draw: its mean square per feature. Per patient and modality: the guard's spread."
                    + " The guard flags a spread above " + Divergence.MAX_SPREAD + " (and any non-finite value).");
            System.out.println();
            System.out.println("| sampler | what | n | p50 | p90 | p99 | p99.9 | max | > 3 |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            Imputer imputer = new Imputer(set);
            for (Map.Entry<String, SamplerSettings> e : samplers.entrySet()) {
                boolean linear = e.getKey().equals("linear method");
                List<Double> perDraw = new ArrayList<>();
                List<Double> spread = new ArrayList<>();
                for (String target : set.modalities()) {
                    List<String> others = set.modalities().stream().filter(x -> !x.equals(target)).toList();
                    for (List<String> conditions : Subsets.nonEmpty(others)) {
                        if (conditions.size() != 1 && conditions.size() != others.size()) {
                            continue;
                        }
                        List<String> needed = new ArrayList<>(conditions);
                        needed.add(target);
                        int[] test = data.having(Split.TEST, needed);
                        test = Arrays.copyOf(test, Math.min(maxPatients, test.length));
                        List<Map<String, float[]>> rows = new ArrayList<>();
                        List<String> ids = new ArrayList<>();
                        for (int i : test) {
                            Map<String, float[]> in = new LinkedHashMap<>();
                            for (String c : conditions) {
                                in.put(c, data.row(c, i));
                            }
                            rows.add(in);
                            ids.add(cohort.sample(i).id());
                        }
                        for (ImputationMethod method : set.availableMethods(target, conditions)) {
                            if ((method == ImputationMethod.LINEAR) != linear) {
                                continue;
                            }
                            SamplingPlan plan = set.plan(target, conditions, method);
                            ImputationRequest request = new ImputationRequest(List.of(), List.of(), method, draws, 42,
                                    0.9, e.getValue(), false);
                            for (float[][] patient : imputer.sample(plan, rows, ids, request).draws()) {
                                for (float[] d : patient) {
                                    perDraw.add(meanSquare(d));
                                }
                                spread.add(Divergence.spread(patient));
                            }
                        }
                    }
                }
                if (spread.isEmpty()) {
                    continue;
                }
                double[] d = perDraw.stream().mapToDouble(Double::doubleValue).toArray();
                double[] s = spread.stream().mapToDouble(Double::doubleValue).toArray();
                System.out.println("| " + e.getKey() + " | draw mean square | " + quantiles(d) + " | "
                        + above(d, Divergence.MAX_SPREAD) + " |");
                System.out.println("| " + e.getKey() + " | **spread** | " + quantiles(s) + " | "
                        + above(s, Divergence.MAX_SPREAD) + " |");
            }
        }
    }
}
