package dev.coherent.functions.imputation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.coherent.functions.common.UploadResponse;
import dev.coherent.functions.common.UploadService;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The Lambda entry point ({@code quarkus.lambda.handler=imputation-s3}): S3 event notifications,
 * EventBridge "Object Created" events, or either in SQS/SNS envelopes, each created table imputed
 * by {@link UploadService} with {@link ImputationUploadProcessor}.
 */
@Named("imputation-s3")
public class ImputationS3Handler implements RequestHandler<JsonNode, UploadResponse> {
    @Inject
    UploadService uploads;

    @Override
    public UploadResponse handleRequest(JsonNode event, Context context) {
        return uploads.handle(event);
    }
}
