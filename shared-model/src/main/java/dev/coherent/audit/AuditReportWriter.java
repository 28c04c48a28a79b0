package dev.coherent.audit;

import dev.coherent.CoherentException;
import dev.coherent.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders an audit as {@code report.json} and a self-contained {@code report.html}: the tables and,
 * per target, an inline SVG scatter of training records versus unconditional generations on the
 * training records' first two principal axes (like the paper's Figure 5).
 */
public final class AuditReportWriter {
    public static final String JSON = "report.json";
    public static final String HTML = "report.html";
    public static final String MARKDOWN = "report.md";
    private static final String[] COLORS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};

    private AuditReportWriter() {}

    /** The JSON form: model set, configuration, one entry per method and target, verdicts. */
    public static byte[] json(PrivacyAudit.Report report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model_set", Map.of("version", report.modelSetVersion(), "sha256", report.modelSetSha256()));
        root.put("created_at", report.createdAt());
        AuditConfig c = report.config();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("methods", c.methods().stream().map(m -> m.label()).toList());
        config.put("samples", c.samples());
        config.put("k", c.k());
        config.put("seed", c.seed());
        config.put("sampler", c.sampler().kind().label());
        config.put("steps", c.sampler().steps());
        config.put("eta", c.sampler().eta());
        config.put("mia_steps", c.miaSteps());
        config.put("thresholds", c.thresholds());
        root.put("config", config);
        List<Map<String, Object>> results = new ArrayList<>();
        for (AuditResult r : report.results()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", r.method());
            m.put("target", r.target());
            m.put("k", r.k());
            m.put("generated", r.generated());
            m.put("train_records", r.trainRecords());
            m.put("holdout_records", r.holdoutRecords());
            m.put("precision", r.precision());
            m.put("recall", r.recall());
            m.put("f1", r.f1());
            m.put("energy_distance", r.energyDistance());
            m.put("dcr_closer_to_train_share", r.dcrCloserToTrainShare());
            m.put("dcr_median_train", r.dcrMedianTrain());
            m.put("dcr_median_holdout", r.dcrMedianHoldout());
            m.put("mia_auc", finite(r.miaAuc()));
            m.put(
                    "conditional",
                    Map.of(
                            "r2_train",
                            finite(r.r2Train()),
                            "r2_holdout",
                            finite(r.r2Holdout()),
                            "r2_gap",
                            finite(r.r2Gap()),
                            "own_distance_auc",
                            finite(r.ownDistanceAuc())));
            m.put("verdict", Map.of("pass", r.pass(), "reasons", r.reasons()));
            results.add(m);
        }
        root.put("results", results);
        Map<String, Object> methods = new LinkedHashMap<>();
        for (String method :
                report.results().stream().map(AuditResult::method).distinct().toList()) {
            List<String> reasons = report.results().stream()
                    .filter(r -> r.method().equals(method))
                    .flatMap(r -> r.reasons().stream().map(x -> r.target() + ": " + x))
                    .toList();
            methods.put(method, Map.of("pass", reasons.isEmpty(), "reasons", reasons));
        }
        root.put("methods", methods);
        root.put("verdict", Map.of("pass", report.pass(), "reasons", report.reasons()));
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new CoherentException("cannot render the audit report: " + e.getMessage(), e);
        }
    }

    /** The tables as markdown, for results documents. */
    public static String markdown(PrivacyAudit.Report report) {
        StringBuilder m = new StringBuilder();
        AuditConfig c = report.config();
        m.append(String.format(
                Locale.ROOT,
                "Model set `%s`; %d unconditional samples per target and method, k = %d, "
                        + "sampler %s %d steps (η %.1f), seed %d. Verdict: **%s**.%n%n",
                report.modelSetVersion(),
                c.samples(),
                c.k(),
                c.sampler().kind().label(),
                c.sampler().steps(),
                c.sampler().eta(),
                c.seed(),
                report.pass() ? "PASS" : "FAIL"));
        m.append("| method | target | precision | recall | F1 | energy distance | closer to train | MIA AUC "
                + "| R² train | R² holdout | own-record AUC | verdict |\n");
        m.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (AuditResult r : report.results()) {
            m.append("| ").append(r.method()).append(" | ").append(r.target());
            for (double v : new double[] {
                r.precision(),
                r.recall(),
                r.f1(),
                r.energyDistance(),
                r.dcrCloserToTrainShare(),
                r.miaAuc(),
                r.r2Train(),
                r.r2Holdout(),
                r.ownDistanceAuc()
            }) {
                m.append(" | ").append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "–");
            }
            m.append(" | ").append(r.pass() ? "pass" : "fail").append(" |\n");
        }
        return m.toString();
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The HTML form, one file with no external resources. */
    public static byte[] html(PrivacyAudit.Report report) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Privacy audit ")
                .append(esc(report.modelSetVersion()))
                .append("</title><style>")
                .append(
                        "body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3}")
                .append(
                        "td:first-child,td:nth-child(2){text-align:left}.pass{color:#1a7f37}.fail{color:#c62828;font-weight:bold}")
                .append(".plots{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}</style></head><body>");
        h.append("<h1>Privacy audit of model set ")
                .append(esc(report.modelSetVersion()))
                .append("</h1>");
        h.append("<p>Verdict: <span class=\"")
                .append(report.pass() ? "pass\">PASS" : "fail\">FAIL")
                .append("</span>. ")
                .append("Generated ")
                .append(esc(report.createdAt()))
                .append(". Sampler ")
                .append(esc(report.config().sampler().kind().label()))
                .append(' ')
                .append(report.config().sampler().steps())
                .append(" steps, ")
                .append(report.config().samples())
                .append(" unconditional samples per target and method, k = ")
                .append(report.config().k())
                .append(".</p>");
        if (!report.reasons().isEmpty()) {
            h.append("<ul>");
            report.reasons().forEach(r -> h.append("<li>").append(esc(r)).append("</li>"));
            h.append("</ul>");
        }
        h.append("<h2>Unconditional generation against training records</h2><table><tr><th>method</th><th>target</th>")
                .append("<th>precision</th><th>recall</th><th>F1</th><th>energy distance</th>")
                .append("<th>closer to train</th><th>MIA AUC</th><th>R² train</th><th>R² holdout</th>")
                .append("<th>own-record AUC</th><th>verdict</th></tr>");
        for (AuditResult r : report.results()) {
            h.append("<tr><td>")
                    .append(esc(r.method()))
                    .append("</td><td>")
                    .append(esc(r.target()))
                    .append("</td>");
            for (double v : new double[] {
                r.precision(),
                r.recall(),
                r.f1(),
                r.energyDistance(),
                r.dcrCloserToTrainShare(),
                r.miaAuc(),
                r.r2Train(),
                r.r2Holdout(),
                r.ownDistanceAuc()
            }) {
                h.append("<td>")
                        .append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "–")
                        .append("</td>");
            }
            h.append("<td class=\"")
                    .append(r.pass() ? "pass\">pass" : "fail\">fail")
                    .append("</td></tr>");
        }
        h.append("</table><p>Precision/recall/F1: k-NN manifolds (Kynkänniemi et al. 2019). Energy distance: ")
                .append("√(2E‖X−Y‖ − E‖X−X′‖ − E‖Y−Y′‖), Euclidean, standardized space. Closer to train: share of ")
                .append("generations whose closest record is a training one (0.5 is ideal). MIA AUC: training versus ")
                .append("holdout records ranked by denoising loss (0.5 = no membership signal). R² and own-record ")
                .append("AUC: each patient's target imputed from all their other modalities.</p>");
        h.append(
                "<h2>Training records (grey) and unconditional generations, first two principal axes</h2><div class=\"plots\">");
        for (String target :
                report.results().stream().map(AuditResult::target).distinct().toList()) {
            h.append(scatter(
                    target,
                    report.results().stream()
                            .filter(r -> r.target().equals(target))
                            .toList()));
        }
        h.append("</div></body></html>");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String scatter(String target, List<AuditResult> results) {
        int size = 320;
        float[][] train = results.get(0).pcaTrain();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float[] p : train) {
            for (float v : p) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double pad = (max - min) * 0.1 + 1e-6;
        min -= pad;
        max += pad;
        StringBuilder s = new StringBuilder("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + size
                + "\" height=\"" + size + "\" viewBox=\"0 0 " + size + " " + size + "\"><rect width=\"100%\" "
                + "height=\"100%\" fill=\"white\" stroke=\"#ccc\"/>");
        dots(s, train, "#999999", min, max, size);
        for (int i = 0; i < results.size(); i++) {
            dots(s, results.get(i).pcaGenerated(), COLORS[i % COLORS.length], min, max, size);
        }
        s.append("</svg><figcaption>").append(esc(target)).append(": training (grey)");
        for (int i = 0; i < results.size(); i++) {
            s.append(", <span style=\"color:")
                    .append(COLORS[i % COLORS.length])
                    .append("\">")
                    .append(esc(results.get(i).method()))
                    .append("</span>");
        }
        return s.append("</figcaption></figure>").toString();
    }

    private static void dots(StringBuilder s, float[][] points, String color, double min, double max, int size) {
        for (float[] p : points) {
            double x = (p[0] - min) / (max - min) * size;
            double y = size - (p[1] - min) / (max - min) * size;
            if (x >= 0 && x <= size && y >= 0 && y <= size) {
                s.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" fill=\"%s\" fill-opacity=\"0.55\"/>",
                        x,
                        y,
                        color));
            }
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
