package dev.coherent.functions.common.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every event shape that can reach the upload handler, and the ones it ignores. */
class UploadEventsTest {
    private final ObjectMapper json = new ObjectMapper();

    private UploadEvents.Parsed parse(String event) throws Exception {
        return UploadEvents.parse(json.readTree(event), json);
    }

    private static String s3(String name, String key) {
        return "{\"Records\":[{\"eventName\":\"" + name
                + "\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"" + key
                + "\",\"eTag\":\"e1\",\"versionId\":\"v1\"}}}]}";
    }

    @Test
    void s3NotificationKeysAreUrlDecoded() throws Exception {
        UploadEvents.Parsed p = parse(s3("ObjectCreated:Put", "uploads/red+flower%2B1.tsv"));
        assertEquals(List.of(new UploadedObject("b", "uploads/red flower+1.tsv", null, "v1", "e1")), p.objects());
        assertTrue(p.ignored().isEmpty());
        assertEquals("s3://b/uploads/red flower+1.tsv", p.objects().get(0).uri());
    }

    @Test
    void eventBridgeKeepsTheRawKeyAndOffersTheDecodedOne() throws Exception {
        UploadEvents.Parsed p = parse("{\"detail-type\":\"Object Created\",\"detail\":{\"bucket\":{\"name\":\"b\"},"
                + "\"object\":{\"key\":\"uploads/a+b.tsv\",\"etag\":\"e2\",\"version-id\":\"v2\"}}}");
        assertEquals(List.of(new UploadedObject("b", "uploads/a+b.tsv", "uploads/a b.tsv", "v2", "e2")), p.objects());
        assertEquals(
                List.of("EventBridge event 'Object Deleted' is not an object creation"),
                parse("{\"detail-type\":\"Object Deleted\",\"detail\":{}}").ignored());
    }

    @Test
    void sqsAndSnsEnvelopesAreOpened() throws Exception {
        String inner = s3("ObjectCreated:Post", "uploads/x.tsv");
        UploadEvents.Parsed sqs =
                parse("{\"Records\":[{\"messageId\":\"1\",\"body\":" + json.writeValueAsString(inner) + "}]}");
        assertEquals("uploads/x.tsv", sqs.objects().get(0).key());
        String sns = "{\"Records\":[{\"Sns\":{\"Message\":" + json.writeValueAsString(inner) + "}}]}";
        UploadEvents.Parsed viaSnsInSqs = parse("{\"Records\":[{\"body\":" + json.writeValueAsString(sns) + "}]}");
        assertEquals("uploads/x.tsv", viaSnsInSqs.objects().get(0).key());
    }

    @Test
    void anythingElseIsIgnoredNeverThrown() throws Exception {
        assertEquals(
                List.of("S3 test event"), parse("{\"Event\":\"s3:TestEvent\"}").ignored());
        assertEquals(
                List.of("event ObjectRemoved:Delete is not an object creation"),
                parse(s3("ObjectRemoved:Delete", "uploads/x.tsv")).ignored());
        assertEquals(
                List.of("SQS message whose body is not JSON"),
                parse("{\"Records\":[{\"body\":\"hello\"}]}").ignored());
        assertEquals(
                List.of("not an S3, EventBridge, SQS or SNS event"),
                parse("{\"hello\":\"world\"}").ignored());
        JsonNode array = json.readTree("[1]");
        assertEquals(
                List.of("not an S3, EventBridge, SQS or SNS event"),
                UploadEvents.parse(array, json).ignored());
        assertTrue(parse("{\"Records\":[{\"other\":1}]}").objects().isEmpty());
    }
}
