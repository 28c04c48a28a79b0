package dev.coherent.functions.common.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Reads the objects created from the event shapes that can reach the upload handler: S3 event
 * notifications ({@code Records[].s3}), the EventBridge "Object Created" event, and either of
 * them wrapped in SQS messages or SNS notifications. Anything else is reported as ignored,
 * never thrown: retrying an event that cannot be understood would not help.
 */
public final class UploadEvents {
    private static final Logger LOG = Logger.getLogger(UploadEvents.class);

    /** What an event held: the created objects and a note for every part that was skipped. */
    public record Parsed(List<UploadedObject> objects, List<String> ignored) {}

    private UploadEvents() {}

    /**
     * Runs {@code process} on every object the event says was created, in order, and answers with
     * the outcomes and the parts of the event it skipped (which are logged as well).
     */
    public static UploadResponse handle(
            JsonNode event, ObjectMapper mapper, Function<UploadedObject, UploadResponse.Outcome> process) {
        Parsed parsed = parse(event, mapper);
        List<UploadResponse.Outcome> outcomes = new ArrayList<>();
        for (UploadedObject o : parsed.objects()) {
            outcomes.add(process.apply(o));
        }
        if (!parsed.ignored().isEmpty()) {
            LOG.infof("ignored parts of an event: %s", parsed.ignored());
        }
        return new UploadResponse(outcomes, parsed.ignored());
    }

    public static Parsed parse(JsonNode event, ObjectMapper mapper) {
        Parsed out = new Parsed(new ArrayList<>(), new ArrayList<>());
        parse(event, mapper, out, 0);
        return out;
    }

    private static void parse(JsonNode event, ObjectMapper mapper, Parsed out, int depth) {
        if (event == null || !event.isObject() || depth > 3) {
            out.ignored().add("not an S3, EventBridge, SQS or SNS event");
            return;
        }
        if (event.has("Records") && event.get("Records").isArray()) {
            for (JsonNode record : event.get("Records")) {
                record(record, mapper, out, depth);
            }
        } else if (event.hasNonNull("detail-type")) {
            eventBridge(event, out);
        } else if ("s3:TestEvent".equals(text(event, "/Event"))) {
            out.ignored().add("S3 test event");
        } else {
            out.ignored().add("not an S3, EventBridge, SQS or SNS event");
        }
    }

    private static void record(JsonNode record, ObjectMapper mapper, Parsed out, int depth) {
        if (record.has("s3")) {
            String name = String.valueOf(text(record, "/eventName"));
            if (!name.startsWith("ObjectCreated") && !name.startsWith("s3:ObjectCreated")) {
                out.ignored().add("event " + name + " is not an object creation");
                return;
            }
            String bucket = text(record, "/s3/bucket/name");
            String raw = text(record, "/s3/object/key");
            if (bucket == null || raw == null) {
                out.ignored().add("S3 record without bucket or key");
                return;
            }
            // Notification keys are URL-encoded ("red flower.tsv" arrives as "red+flower.tsv").
            out.objects()
                    .add(new UploadedObject(
                            bucket,
                            decode(raw),
                            null,
                            text(record, "/s3/object/versionId"),
                            text(record, "/s3/object/eTag")));
        } else if (record.hasNonNull("body")) {
            nested(record.get("body").asText(), "SQS message", mapper, out, depth);
        } else if (record.has("Sns")) {
            nested(text(record, "/Sns/Message"), "SNS message", mapper, out, depth);
        } else {
            out.ignored().add("record of an unknown kind");
        }
    }

    private static void nested(String body, String what, ObjectMapper mapper, Parsed out, int depth) {
        if (body == null) {
            out.ignored().add(what + " without a body");
            return;
        }
        try {
            parse(mapper.readTree(body), mapper, out, depth + 1);
        } catch (JsonProcessingException e) {
            out.ignored().add(what + " whose body is not JSON");
        }
    }

    private static void eventBridge(JsonNode event, Parsed out) {
        String type = text(event, "/detail-type");
        if (!"Object Created".equals(type)) {
            out.ignored().add("EventBridge event '" + type + "' is not an object creation");
            return;
        }
        String bucket = text(event, "/detail/bucket/name");
        String key = text(event, "/detail/object/key");
        if (bucket == null || key == null) {
            out.ignored().add("EventBridge event without bucket or key");
            return;
        }
        String decoded = decode(key);
        out.objects()
                .add(new UploadedObject(
                        bucket,
                        key,
                        decoded.equals(key) ? null : decoded,
                        text(event, "/detail/object/version-id"),
                        text(event, "/detail/object/etag")));
    }

    private static String text(JsonNode node, String pointer) {
        JsonNode v = node.at(pointer);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static String decode(String key) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return key;
        }
    }
}
