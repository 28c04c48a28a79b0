package dev.coherent.functions.prioritization;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.coherent.functions.common.upload.UploadResponse;
import dev.coherent.functions.common.upload.UploadService;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The Lambda entry point ({@code quarkus.lambda.handler=prioritization-s3}): S3 event
 * notifications, EventBridge "Object Created" events, or either in SQS/SNS envelopes, each created
 * cohort table ranked by {@link UploadService} with {@link PrioritizationUploadProcessor}.
 */
@Named("prioritization-s3")
public class PrioritizationS3Handler implements RequestHandler<JsonNode, UploadResponse> {
    @Inject
    UploadService uploads;

    @Override
    public UploadResponse handleRequest(JsonNode event, Context context) {
        return uploads.handle(event);
    }
}
