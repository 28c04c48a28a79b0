package dev.coherent.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's layering, checked on its compiled classes so that it stays as designed. */
class PackageRulesTest {
    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.coherent");
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("dev.coherent.(*)..").should().beFreeOfCycles().check(engine);
    }

    @Test
    void noWebFrameworkInTheEngine() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.quarkus..", "jakarta.ws..", "io.vertx..", "picocli..")
                .check(engine);
    }
}
