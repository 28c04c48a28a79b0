package dev.coherent.functions.audit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.coherent.functions.common.upload.UploadResponse;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The Lambda entry point ({@code quarkus.lambda.handler=privacy-audit-s3}): S3 event notifications,
 * EventBridge "Object Created" events, or either in SQS/SNS envelopes; each uploaded model set
 * manifest (or audit reference) audited by {@link ManifestTrigger}.
 */
@Named("privacy-audit-s3")
public class PrivacyAuditS3Handler implements RequestHandler<JsonNode, UploadResponse> {
    @Inject
    ManifestTrigger trigger;

    @Override
    public UploadResponse handleRequest(JsonNode event, Context context) {
        return trigger.handle(event);
    }
}
