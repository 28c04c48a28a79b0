package dev.coherent.functions.prioritization;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.CoherentException;
import dev.coherent.classifier.Classifier;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.TableFormat;
import dev.coherent.cohort.WideRow;
import dev.coherent.cohort.WideSchema;
import dev.coherent.cohort.WideTableReader;
import dev.coherent.diffusion.RejectionSettings;
import dev.coherent.diffusion.SamplerKind;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.functions.common.CommonProblemType;
import dev.coherent.functions.common.InvalidUploadException;
import dev.coherent.functions.common.ModelSetService;
import dev.coherent.functions.common.ModelSetWarmUp;
import dev.coherent.functions.common.PatientIds;
import dev.coherent.functions.common.ProblemException;
import dev.coherent.functions.common.SamplerRequests;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModalityInfo;
import dev.coherent.modelset.ModelSet;
import dev.coherent.prioritization.BudgetSelection;
import dev.coherent.prioritization.CounterfactualScorer;
import dev.coherent.prioritization.PatientScore;
import dev.coherent.prioritization.ScoreKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers prioritization requests with the served model set; the only class of the function that
 * touches {@code shared-model}'s counterfactual scores.
 *
 * <p>For each patient and candidate modality it lacks, the engine draws the modality from the
 * patient's observed ones, classifies every completion with the label's classifier and scores how
 * often (disagreement) or how much (variance) the prediction moves away from the prediction without
 * it. The pairs are ranked by score per unit cost; with a budget, the pairs to buy are chosen
 * greedily. {@link ModelSetService} (functions-common) loads and verifies the set at startup and
 * calls {@link #warmUp} once before serving it; every request waits for it through
 * {@link ModelSetService#ready()}, which answers 503 while it loads or when it failed.
 */
@ApplicationScoped
public class PrioritizationService implements ModelSetWarmUp {
    /** Columns of the upload output, in order. */
    static final List<String> TABLE_COLUMNS = List.of("rank", "sample", "modality", "score", "score_per_cost", "cost",
            "disagreement", "variance", "baseline_prediction", "diverged");
    private static final SecureRandom SEEDS = new SecureRandom();
    private static final double DEFAULT_COST = 1.0;
    private static final MathContext DIGITS = new MathContext(6);

    private final PrioritizationConfig config;
    private final ModelSetService modelSets;
    private final ObjectMapper json;

    public PrioritizationService(PrioritizationConfig config, ModelSetService modelSets, ObjectMapper json) {
        this.config = config;
        this.modelSets = modelSets;
        this.json = json;
    }

    /** How one request (or every upload) is scored. */
    record Settings(String label, Classifier classifier, ScoreKind score, ImputationMethod method, int draws,
            SamplerSettings sampler, long seed, Map<String, Double> costs) {}

    /** The ranked pairs, and the selection under a budget (null without one). */
    record Ranking(List<PrioritizeResponse.Entry> entries, PrioritizeResponse.Selection selection) {}

    /** What one table prioritization did. */
    public record TableSummary(int patients, int pairs, String modelSetVersion, String modelSetSha256) {}

    /**
     * Checks the configured defaults against the set and scores the first modality at its training
     * mean for the second one, with one draw of the default sampler and the default label's
     * classifier; a set without that classifier fails here, so it is never served.
     */
    @Override
    public void warmUp(ModelSet set) {
        Settings s = defaults(set, 0);
        List<ModalityInfo> modalities = set.manifest().modalities();
        if (modalities.size() < 2) {
            return;
        }
        ModalityInfo first = modalities.get(0);
        float[] mean = new float[first.dim()];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) first.mean()[i];
        }
        Settings one = new Settings(s.label(), s.classifier(), s.score(), s.method(), 1, s.sampler(), 0, s.costs());
        List<PatientScore> scores = score(set, one, List.of("warm-up"),
                List.of(Map.of(first.name(), set.scaler(first.name()).transform(mean))),
                List.of(List.of(modalities.get(1).name())));
        PatientScore p = scores.get(0);
        if (!Double.isFinite(p.disagreement()) || !Double.isFinite(p.variance())) {
            throw new CoherentException("warm-up scoring gave non-finite scores");
        }
    }

    /** The settings of uploads (and the warm-up): every default, with the given seed. */
    private Settings defaults(ModelSet set, long seed) {
        PrioritizationConfig.Defaults d = config.defaults();
        Map<String, Double> costs = defaultCosts(set);
        SamplerSettings sampler;
        try {
            sampler = sampler(set, null, null, null, null);
        } catch (ProblemException e) {
            throw new CoherentException("coherent.defaults: " + e.getMessage(), e);
        }
        return new Settings(d.label(), set.classifier(d.label()), ScoreKind.parse(d.score()),
                ImputationMethod.parse(d.method()), d.draws(), sampler, seed, costs);
    }

    /** Cost per modality of the set: {@code coherent.defaults.costs.<modality>}, else 1. */
    private Map<String, Double> defaultCosts(ModelSet set) {
        Map<String, Double> costs = new LinkedHashMap<>();
        for (String m : set.modalities()) {
            costs.put(m, DEFAULT_COST);
        }
        for (Map.Entry<String, Double> e : config.defaults().costs().entrySet()) {
            if (!costs.containsKey(e.getKey())) {
                throw new CoherentException("coherent.defaults.costs." + e.getKey() + ": unknown modality '"
                        + e.getKey() + "'; the model set has " + set.modalities());
            }
            if (!validCost(e.getValue())) {
                throw new CoherentException("coherent.defaults.costs." + e.getKey()
                        + " must be a positive finite number, got " + e.getValue());
            }
            costs.put(e.getKey(), e.getValue());
        }
        return costs;
    }

    /** Answers {@code POST /v1/prioritize}. */
    public PrioritizeResponse prioritize(PrioritizeRequest body) {
        if (body == null) {
            throw new ProblemException(CommonProblemType.MALFORMED_JSON,
                    "the request body is empty; send a JSON object with a \"patients\" array");
        }
        List<PrioritizeRequest.Patient> patients = body.patients();
        if (patients == null || patients.isEmpty()) {
            throw invalid("no patients in the request: \"patients\" must be a non-empty array");
        }
        int max = config.limits().maxPatients();
        if (patients.size() > max) {
            throw new ProblemException(CommonProblemType.TOO_MANY_PATIENTS, patients.size()
                    + " patients in one request; the limit is " + max + ": split the request");
        }
        try (ModelSetService.Lease lease = modelSets.lease()) {
            return prioritize(lease.set(), body);
        }
    }

    private PrioritizeResponse prioritize(ModelSet set, PrioritizeRequest body) {
        List<PrioritizeRequest.Patient> patients = body.patients();
        Settings s = settings(set, body);
        List<String> ids = new ArrayList<>(patients.size());
        List<Map<String, float[]>> standardized = new ArrayList<>(patients.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < patients.size(); i++) {
            PrioritizeRequest.Patient p = patients.get(i);
            Map<String, float[]> observed = checkPatient(set, i, p);
            if (!seen.add(p.id())) {
                throw invalid("duplicate patient id '" + p.id() + "'");
            }
            ids.add(p.id());
            standardized.add(standardize(set, observed));
        }
        List<List<String>> candidates = candidates(set, body.candidates(), ids, standardized);
        Double budget = body.budget();
        if (budget != null && !(budget >= 0 && Double.isFinite(budget))) {
            throw invalid("budget must be a finite number of at least 0, got " + budget);
        }
        List<PatientScore> scores = score(set, s, ids, standardized, candidates);
        Ranking r = rank(scores, s.costs(), s.score(), s.classifier().spec().classes(), budget);
        return new PrioritizeResponse(new PrioritizeResponse.ModelSetRef(set.version(), set.sha256()), s.label(),
                s.classifier().spec().classes(), s.score().label(), s.method().label(), s.sampler().kind().label(),
                s.sampler().steps(), s.sampler().eta(), s.sampler().variance().label(), s.draws(), s.seed(), r.entries(),
                r.selection());
    }

    /** A request's settings: its own values, the defaults for what it leaves out, checked against the limits. */
    private Settings settings(ModelSet set, PrioritizeRequest body) {
        PrioritizationConfig.Defaults d = config.defaults();
        String label = body.label() != null ? body.label() : d.label();
        if (label.isBlank()) {
            throw invalid("label is empty; leave it out for '" + d.label() + "'");
        }
        Classifier classifier;
        try {
            classifier = set.classifier(label);
        } catch (InvalidQueryException e) {
            throw new ProblemException(PrioritizationProblemType.NO_CLASSIFIER, "label: " + e.getMessage());
        }
        ScoreKind score = ScoreKind.parse(orElse(body.score(), d.score()));
        ImputationMethod method = ImputationMethod.parse(orElse(body.method(), d.method()));
        int draws = body.draws() != null ? body.draws() : d.draws();
        if (draws < 1 || draws > config.limits().maxDraws()) {
            throw invalid("draws must be between 1 and " + config.limits().maxDraws() + ", got " + draws);
        }
        SamplerSettings sampler = sampler(set, body.sampler(), body.steps(), body.eta(), body.variance());
        long seed = body.seed() != null ? body.seed() : SEEDS.nextLong() >>> 12;
        Map<String, Double> costs = defaultCosts(set);
        if (body.costs() != null) {
            for (Map.Entry<String, Double> e : body.costs().entrySet()) {
                if (!costs.containsKey(e.getKey())) {
                    throw invalid("costs: unknown modality '" + e.getKey() + "'; the model set has " + set.modalities());
                }
                if (!validCost(e.getValue())) {
                    throw invalid("costs." + e.getKey() + " must be a positive finite number, got " + e.getValue());
                }
                costs.put(e.getKey(), e.getValue());
            }
        }
        return new Settings(label, classifier, score, method, draws, sampler, seed, costs);
    }

    private static boolean validCost(Double cost) {
        return cost != null && cost > 0 && Double.isFinite(cost);
    }

    /**
     * Checks one patient of a request (the engine's imputation rules and messages) and returns its
     * observed modalities; a patient without any is refused (422): drawing a modality from nothing
     * is unconditional generation, which the functions do not offer.
     */
    private static Map<String, float[]> checkPatient(ModelSet set, int index, PrioritizeRequest.Patient p) {
        if (p == null) {
            throw invalid("patients[" + index + "] is null; expected an object with \"id\" and \"modalities\"");
        }
        PatientIds.check(index, p.id());
        Map<String, float[]> modalities = p.modalities() == null ? Map.of() : p.modalities();
        for (Map.Entry<String, float[]> e : modalities.entrySet()) {
            String m = e.getKey();
            float[] v = e.getValue();
            if (v == null) {
                throw invalid("patient '" + p.id() + "': modality '" + m + "' is null; leave a missing modality out"
                        + " instead");
            }
            if (!set.modalities().contains(m)) {
                throw invalid("patient '" + p.id() + "': unknown modality '" + m + "'; the model set has "
                        + set.modalities());
            }
            int dim = set.modality(m).dim();
            if (v.length != dim) {
                throw invalid("patient '" + p.id() + "': " + m + " needs " + dim + " values, got " + v.length);
            }
            for (int j = 0; j < v.length; j++) {
                if (!Float.isFinite(v[j])) {
                    throw invalid("patient '" + p.id() + "': " + m + "[" + j + "] is not a finite number");
                }
            }
        }
        if (modalities.isEmpty()) {
            throw new ProblemException(CommonProblemType.UNCONDITIONAL_REFUSED, "patient '" + p.id()
                    + "' has no observed modality: scoring it would draw every modality from nothing (unconditional"
                    + " generation), which this service does not offer; send at least one modality");
        }
        return modalities;
    }

    /** Observed values in data units, standardized with the set's scalers, in the set's modality order. */
    private static Map<String, float[]> standardize(ModelSet set, Map<String, float[]> observed) {
        Map<String, float[]> z = new LinkedHashMap<>();
        for (String m : set.modalities()) {
            float[] v = observed.get(m);
            if (v != null) {
                z.put(m, set.scaler(m).transform(v));
            }
        }
        return z;
    }

    /** Per patient, the modalities to score: the request's candidates, or every modality it lacks. */
    private static List<List<String>> candidates(ModelSet set, List<String> requested, List<String> ids,
            List<Map<String, float[]>> patients) {
        List<List<String>> out = new ArrayList<>(ids.size());
        if (requested == null) {
            for (Map<String, float[]> p : patients) {
                out.add(set.modalities().stream().filter(m -> !p.containsKey(m)).toList());
            }
            return out;
        }
        if (requested.isEmpty()) {
            throw invalid("candidates is empty; leave it out to consider every modality a patient lacks");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String c = requested.get(i);
            if (c == null) {
                throw invalid("candidates[" + i + "] is null; expected a modality name");
            }
            if (!set.modalities().contains(c)) {
                throw invalid("unknown candidate '" + c + "'; the model set has " + set.modalities());
            }
            if (!seen.add(c)) {
                throw invalid("candidates lists '" + c + "' twice");
            }
        }
        List<String> ordered = set.modalities().stream().filter(seen::contains).toList();
        for (int i = 0; i < patients.size(); i++) {
            for (String c : ordered) {
                if (patients.get(i).containsKey(c)) {
                    throw invalid("patient '" + ids.get(i) + "' already has candidate '" + c
                            + "'; a candidate must be missing for every patient");
                }
            }
            out.add(ordered);
        }
        return out;
    }

    /**
     * Scores every (patient, candidate) pair, one engine call per candidate modality (the engine
     * batches patients by observed modalities); the result is in patient order, then the set's
     * modality order. Draws are seeded by (seed, patient id, modality, draw), so a patient's scores
     * do not depend on who else is scored with it.
     */
    private static List<PatientScore> score(ModelSet set, Settings s, List<String> ids,
            List<Map<String, float[]>> standardized, List<List<String>> candidates) {
        CounterfactualScorer scorer = new CounterfactualScorer(set, s.classifier());
        List<String> modalities = set.modalities();
        PatientScore[][] byPatient = new PatientScore[ids.size()][modalities.size()];
        for (int m = 0; m < modalities.size(); m++) {
            String modality = modalities.get(m);
            List<Integer> who = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (candidates.get(i).contains(modality)) {
                    who.add(i);
                }
            }
            if (who.isEmpty()) {
                continue;
            }
            List<Map<String, float[]>> rows = who.stream().map(standardized::get).toList();
            List<String> rowIds = who.stream().map(ids::get).toList();
            List<PatientScore> scores = scorer.score(rows, rowIds, modality, s.draws(), s.seed(), s.sampler(),
                    s.method());
            for (int k = 0; k < who.size(); k++) {
                byPatient[who.get(k)][m] = scores.get(k);
            }
        }
        List<PatientScore> out = new ArrayList<>();
        for (PatientScore[] row : byPatient) {
            for (PatientScore p : row) {
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /**
     * Ranks scored pairs by score per unit cost ({@link BudgetSelection#rank}: ties by higher score,
     * then input order) and, with a budget, chooses greedily under it ({@link BudgetSelection#greedy}:
     * the expected changes are the chosen pairs' disagreement, whichever score ranks).
     *
     * @param costs cost per modality; a modality not listed costs 1
     * @param classes the classifier's class names, indexed like the scores' class indices
     * @param budget null for no selection
     */
    static Ranking rank(List<PatientScore> scores, Map<String, Double> costs, ScoreKind kind, List<String> classes,
            Double budget) {
        Map<String, PatientScore> byKey = new HashMap<>();
        List<BudgetSelection.Candidate> candidates = new ArrayList<>(scores.size());
        for (PatientScore s : scores) {
            candidates.add(new BudgetSelection.Candidate(s.patient(), s.modality(), s.score(kind),
                    costs.getOrDefault(s.modality(), DEFAULT_COST), s.disagreement()));
            if (byKey.put(key(s.patient(), s.modality()), s) != null) {
                throw new IllegalArgumentException("patient '" + s.patient() + "' is scored twice for " + s.modality());
            }
        }
        List<BudgetSelection.Candidate> ranked = BudgetSelection.rank(candidates);
        Map<String, Integer> ranks = new HashMap<>();
        List<PrioritizeResponse.Entry> entries = new ArrayList<>(ranked.size());
        for (BudgetSelection.Candidate c : ranked) {
            PatientScore s = byKey.get(key(c.patient(), c.modality()));
            int rank = entries.size() + 1;
            ranks.put(key(c.patient(), c.modality()), rank);
            Map<String, Double> probabilities = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (int k = 0; k < classes.size(); k++) {
                // Through the float's shortest decimal, so 0.34f reads 0.34 and not 0.3400000035762787.
                probabilities.put(classes.get(k), Double.parseDouble(Float.toString(s.baselineProbabilities()[k])));
                counts.put(classes.get(k), s.predictionCounts()[k]);
            }
            entries.add(new PrioritizeResponse.Entry(rank, c.patient(), c.modality(), c.score(), c.cost(),
                    c.scorePerCost(), s.disagreement(), s.variance(),
                    new PrioritizeResponse.Prediction(classes.get(s.baseline()), probabilities), counts,
                    s.diverged()));
        }
        PrioritizeResponse.Selection selection = null;
        if (budget != null) {
            BudgetSelection.Selection chosen = BudgetSelection.greedy(candidates, budget);
            List<PrioritizeResponse.Chosen> list = new ArrayList<>(chosen.chosen().size());
            for (BudgetSelection.Candidate c : chosen.chosen()) {
                list.add(new PrioritizeResponse.Chosen(ranks.get(key(c.patient(), c.modality())), c.patient(),
                        c.modality(), c.cost()));
            }
            selection = new PrioritizeResponse.Selection(budget, list, chosen.totalCost(), chosen.expectedChanges());
        }
        return new Ranking(entries, selection);
    }

    private static String key(String patient, String modality) {
        return patient + '\u0000' + modality;
    }

    /** The sampler for a request: the defaults for what it leaves out, checked against the limits. */
    private SamplerSettings sampler(ModelSet set, String name, Integer steps, Double eta, String variance) {
        PrioritizationConfig.Defaults d = config.defaults();
        return SamplerRequests.settings(set, name, steps, eta, variance,
                d, config.limits().maxSteps());
    }

    /**
     * Ranks every (patient, missing modality) pair of an uploaded wide table ({@code .tsv},
     * {@code .txt} or {@code .csv}: {@code sample}, then {@code <modality>_<kk>} columns, empty
     * cells for a missing modality) with the defaults and the upload seed, and writes the ranking
     * as TSV ({@link #TABLE_COLUMNS}) and the settings as a JSON report ({@link TableReport}). Rows are read and scored in chunks of
     * {@code coherent.upload.chunk-size}; only the scores (a few numbers per pair) are kept for the
     * final sort.
     *
     * @throws InvalidUploadException with {@link PrioritizationProblemType#INVALID_UPLOAD} when the
     *     file can never be ranked (format, content, a patient without any modality); anything else
     *     may succeed on a retry
     */
    public TableSummary prioritizeTable(InputStream in, String fileName, OutputStream out, OutputStream report) {
        try (ModelSetService.Lease lease = modelSets.lease()) {
            return prioritizeTable(lease.set(), in, fileName, out, report);
        }
    }

    private TableSummary prioritizeTable(ModelSet set, InputStream in, String fileName, OutputStream out,
            OutputStream report) {
        TableFormat format;
        try {
            format = TableFormat.of(Path.of(fileName));
        } catch (IllegalArgumentException e) {
            throw new InvalidUploadException(PrioritizationProblemType.INVALID_UPLOAD, e.getMessage(), e);
        }
        Settings s = defaults(set, config.upload().seed());
        List<PatientScore> scores = new ArrayList<>();
        int patients = 0;
        try (WideTableReader reader = new WideTableReader(in, fileName, format, schema(set))) {
            List<WideRow> rows;
            while (!(rows = reader.next(config.upload().chunkSize())).isEmpty()) {
                List<String> ids = new ArrayList<>(rows.size());
                List<Map<String, float[]>> standardized = new ArrayList<>(rows.size());
                List<List<String>> candidates = new ArrayList<>(rows.size());
                for (WideRow r : rows) {
                    if (r.present().isEmpty()) {
                        throw new InvalidUploadException(PrioritizationProblemType.INVALID_UPLOAD, fileName
                                + ": patient '" + r.sample() + "' has no observed modality: scoring it would draw every"
                                + " modality from nothing (unconditional generation), which this service does not offer");
                    }
                    ids.add(r.sample());
                    standardized.add(standardize(set, r.present()));
                    candidates.add(set.modalities().stream().filter(m -> !r.present().containsKey(m)).toList());
                }
                scores.addAll(score(set, s, ids, standardized, candidates));
                patients += rows.size();
            }
        } catch (CohortFormatException | InvalidQueryException e) {
            throw new InvalidUploadException(PrioritizationProblemType.INVALID_UPLOAD, e.getMessage(), e);
        }
        Ranking ranking = rank(scores, s.costs(), s.score(), s.classifier().spec().classes(), null);
        writeTable(ranking.entries(), out);
        writeReport(new TableReport(fileName, new PrioritizeResponse.ModelSetRef(set.version(), set.sha256()),
                s.label(), s.classifier().spec().classes(), s.score().label(), s.method().label(),
                s.sampler().kind().label(), s.sampler().steps(), s.sampler().eta(), s.sampler().variance().label(),
                s.draws(), s.seed(), s.costs(),
                patients, ranking.entries().size(),
                ranking.entries().stream().mapToInt(PrioritizeResponse.Entry::diverged).sum(), TABLE_COLUMNS), report);
        return new TableSummary(patients, ranking.entries().size(), set.version(), set.sha256());
    }

    /** Column layout of the model set's wide tables (as {@code TableImputation.schema()}). */
    private static WideSchema schema(ModelSet set) {
        Map<String, Integer> dims = new LinkedHashMap<>();
        for (ModalityInfo m : set.manifest().modalities()) {
            dims.put(m.name(), m.dim());
        }
        return WideSchema.indexed(dims);
    }

    /**
     * What an upload's ranking was made with (no patient values): written next to the TSV as
     * {@code <name>.report.json}, so a ranking can be reproduced and compared.
     */
    record TableReport(String file, @JsonProperty("model_set") PrioritizeResponse.ModelSetRef modelSet, String label,
            List<String> classes, String score, String method, String sampler, int steps, double eta, String variance,
            int draws,
            long seed, Map<String, Double> costs, @JsonProperty("patient_count") int patientCount,
            @JsonProperty("pair_count") int pairCount, @JsonProperty("diverged_draws") int divergedDraws,
            List<String> columns) {}

    private void writeReport(TableReport r, OutputStream out) {
        try {
            json.writerWithDefaultPrettyPrinter().writeValue(new NonClosing(out), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets Jackson write to a stream the caller closes. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Writes the ranking as TSV; the caller closes {@code out}. */
    static void writeTable(List<PrioritizeResponse.Entry> entries, OutputStream out) {
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write(String.join("\t", TABLE_COLUMNS));
            w.write('\n');
            for (PrioritizeResponse.Entry e : entries) {
                w.write(e.rank() + "\t" + cell(e.patient()) + "\t" + e.modality() + "\t" + number(e.score()) + "\t"
                        + number(e.scorePerCost()) + "\t" + number(e.cost()) + "\t" + number(e.disagreement()) + "\t"
                        + number(e.variance()) + "\t" + cell(e.baseline().predictedClass()) + "\t" + e.diverged()
                        + "\n");
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cell without the characters that would break a TSV row. */
    private static String cell(String text) {
        return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /** Six significant digits, no exponent, no trailing zeros. */
    private static String number(double v) {
        return new BigDecimal(v).round(DIGITS).stripTrailingZeros().toPlainString();
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(CommonProblemType.INVALID_REQUEST, detail);
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
