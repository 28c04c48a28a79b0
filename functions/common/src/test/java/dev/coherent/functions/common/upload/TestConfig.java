package dev.coherent.functions.common.upload;

import dev.coherent.functions.common.config.FunctionConfig;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/** A {@link FunctionConfig} for unit tests: the documented defaults, with the upload folders set. */
final class TestConfig implements FunctionConfig {
    private final String workDir;
    private final String outputBucket;

    TestConfig(String workDir, String outputBucket) {
        this.workDir = workDir;
        this.outputBucket = outputBucket;
    }

    @Override
    public String functionName() {
        return "test-function";
    }

    @Override
    public Models models() {
        return new Models() {
            @Override
            public String uri() {
                return "quickstart-output/models";
            }

            @Override
            public String cacheDir() {
                return workDir + "/cache";
            }

            @Override
            public Duration awaitTimeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration retryDelay() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration maxRetryDelay() {
                return Duration.ofMinutes(1);
            }

            @Override
            public Duration liveWithoutSet() {
                return Duration.ofMinutes(10);
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofSeconds(60);
            }

            @Override
            public int retainedVersions() {
                return 1;
            }
        };
    }

    @Override
    public Metrics metrics() {
        return new Metrics() {
            @Override
            public Optional<Boolean> emf() {
                return Optional.of(false);
            }

            @Override
            public String emfNamespace() {
                return "Coherent";
            }
        };
    }

    @Override
    public S3 s3() {
        return new S3() {
            @Override
            public Optional<String> endpoint() {
                return Optional.of("http://localhost:9");
            }

            @Override
            public Optional<String> region() {
                return Optional.empty();
            }

            @Override
            public boolean pathStyle() {
                return false;
            }

            @Override
            public Optional<String> accessKey() {
                return Optional.empty();
            }

            @Override
            public Optional<String> secretKey() {
                return Optional.empty();
            }
        };
    }

    @Override
    public Limits limits() {
        return new Limits() {
            @Override
            public MemorySize maxBodySize() {
                return new MemorySize(BigInteger.valueOf(8 * 1024 * 1024));
            }

            @Override
            public Duration bodyReadTimeout() {
                return Duration.ofSeconds(30);
            }

            @Override
            public int maxBodyReads() {
                return 64;
            }
        };
    }

    @Override
    public Upload upload() {
        return new Upload() {
            @Override
            public String inputPrefix() {
                return "uploads/";
            }

            @Override
            public String outputPrefix() {
                return "outputs/";
            }

            @Override
            public String errorPrefix() {
                return "errors/";
            }

            @Override
            public Optional<String> outputBucket() {
                return Optional.ofNullable(outputBucket);
            }

            @Override
            public String workDir() {
                return workDir;
            }
        };
    }
}
