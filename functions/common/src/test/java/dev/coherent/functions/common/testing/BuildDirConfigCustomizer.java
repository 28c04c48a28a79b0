package dev.coherent.functions.common.testing;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Lets the functions' Quarkus tests run in a build with its own build folder
 * ({@code -Dcoherent.build.dir=…}, see the parent pom). Surefire hands Maven's command-line
 * properties to the tests as system properties, and this one, under the functions'
 * {@code coherent.*} config mapping but not a setting of theirs, would fail Quarkus's check for
 * unknown keys. Every other key is still checked. Registered in
 * {@code META-INF/services/io.smallrye.config.SmallRyeConfigBuilderCustomizer} of the test jar.
 */
public class BuildDirConfigCustomizer implements SmallRyeConfigBuilderCustomizer {

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withMappingIgnore("coherent.build.dir");
    }
}
