package dev.coherent.functions.imputation;

import dev.coherent.functions.common.config.FunctionConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts executions of the fan-out state machine (Step Functions {@code StartExecution}). The
 * client is created on first use, in the region of {@code coherent.s3.region}, so a deployment
 * without a state machine never needs it.
 */
@ApplicationScoped
public class StateMachineStarter {
    /** An execution of that name exists: this upload version was already handed to the fan-out. */
    public static final class AlreadyStarted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public AlreadyStarted(String message) {
            super(message);
        }
    }

    private final FunctionConfig common;
    private final DistributedConfig config;
    private SfnClient client;

    public StateMachineStarter(FunctionConfig common, DistributedConfig config) {
        this.common = common;
        this.config = config;
    }

    /**
     * Starts {@code name} with {@code input}; answers the execution ARN.
     *
     * @throws AlreadyStarted when an execution of that name exists (names are unique per upload version)
     */
    public String start(String stateMachineArn, String name, String input) {
        try {
            return client().startExecution(
                            b -> b.stateMachineArn(stateMachineArn).name(name).input(input))
                    .executionArn();
        } catch (ExecutionAlreadyExistsException e) {
            throw new AlreadyStarted(
                    e.awsErrorDetails() == null ? name : e.awsErrorDetails().errorMessage());
        }
    }

    private synchronized SfnClient client() {
        if (client == null) {
            FunctionConfig.S3 s3 = common.s3();
            SfnClientBuilder b = SfnClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)))
                    .region(Region.of(s3.region().orElse("us-east-1")));
            config.endpoint().ifPresent(e -> b.endpointOverride(URI.create(e)));
            if (s3.accessKey().isPresent() && s3.secretKey().isPresent()) {
                b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        s3.accessKey().get(), s3.secretKey().get())));
            }
            client = b.build();
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
