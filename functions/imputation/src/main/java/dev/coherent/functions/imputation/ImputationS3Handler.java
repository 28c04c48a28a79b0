package dev.coherent.functions.imputation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.functions.common.upload.UploadEvents;
import dev.coherent.functions.common.upload.UploadService;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The Lambda entry point ({@code quarkus.lambda.handler=imputation-s3}): S3 event notifications,
 * EventBridge "Object Created" events, or either in SQS/SNS envelopes, each created table imputed
 * by {@link UploadService} with {@link ImputationUploadProcessor}, or handed to the fan-out when
 * large ({@link DistributedUploads}); and the fan-out's own steps, a Distributed Map batch or the
 * assembly ({@link DistributedImputation}), so one function (one image, one model set) serves both.
 */
@Named("imputation-s3")
public class ImputationS3Handler implements RequestHandler<JsonNode, JsonNode> {
    @Inject
    UploadService uploads;

    @Inject
    DistributedUploads distributed;

    @Inject
    DistributedImputation fanOut;

    @Inject
    ObjectMapper json;

    @Override
    public JsonNode handleRequest(JsonNode event, Context context) {
        if (DistributedImputation.isBatch(event)) {
            return json.valueToTree(fanOut.batch(event));
        }
        if (DistributedImputation.isAssembly(event)) {
            return json.valueToTree(fanOut.assemble(event));
        }
        return json.valueToTree(
                UploadEvents.handle(event, json, o -> distributed.route(o).orElseGet(() -> uploads.process(o))));
    }
}
