package dev.coherent.functions.common;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bounds request bodies by {@code coherent.limits.max-body-size} with a 413 problem: a declared
 * {@code Content-Length} above it is refused before the body is read, and a body without one
 * (chunked) is refused as soon as the bytes read pass it.
 */
@Provider
public class BodySizeFilter implements ReaderInterceptor {
    /** Looked up on use: JAX-RS providers are created before configuration mappings exist. */
    private final jakarta.inject.Provider<FunctionConfig> config;
    private final jakarta.inject.Provider<ProblemHints> hints;

    public BodySizeFilter(jakarta.inject.Provider<FunctionConfig> config, jakarta.inject.Provider<ProblemHints> hints) {
        this.config = config;
        this.hints = hints;
    }

    @ServerRequestFilter(preMatching = true)
    public void checkDeclaredSize(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return;
        }
        try {
            long bytes = Long.parseLong(length.strip());
            if (bytes > max()) {
                throw tooLarge(bytes + " bytes");
            }
        } catch (NumberFormatException e) {
            // Not a number: the HTTP layer answers that request.
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException, WebApplicationException {
        context.setInputStream(new Limited(context.getInputStream(), max()));
        return context.proceed();
    }

    private long max() {
        return config.get().limits().maxBodySize().asLongValue();
    }

    private ProblemException tooLarge(String size) {
        return new ProblemException(CommonProblemType.PAYLOAD_TOO_LARGE, "the request body has " + size
                + "; the limit is " + max() + " bytes: " + hints.get().smallerBody());
    }

    /** Counts the bytes read and refuses to read past the limit. */
    private final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) {
            count += n;
            if (count > max) {
                throw tooLarge("more than " + max + " bytes");
            }
        }
    }
}
