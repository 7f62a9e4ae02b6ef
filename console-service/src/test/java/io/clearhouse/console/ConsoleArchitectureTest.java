package io.clearhouse.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The console talks to the platform only through the gateway's HTTP API, and only from its per-area
 * client classes: controllers hold no URLs and no HTTP client.
 */
class ConsoleArchitectureTest {

    private static final JavaClasses CONSOLE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.clearhouse.console");

    @Test
    void importsNoServiceOrSharedServiceCode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.clearhouse.gateway..",
                "io.clearhouse.ingest..", "io.clearhouse.settlement..", "io.clearhouse.reconciliation..",
                "io.clearhouse.reporting..", "io.clearhouse.launcher..", "io.clearhouse.support..")
                .check(CONSOLE);
    }

    @Test
    void controllersCallTheGatewayOnlyThroughTheirAreasClient() {
        noClasses().that().haveSimpleNameEndingWith("Controller")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.clearhouse.console.gateway.GatewayHttp")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.web.client.RestClient")
                .check(CONSOLE);
    }

    @Test
    void onlyTheGatewayClientAndSignInUseTheHttpClient() {
        noClasses().that().resideOutsideOfPackages("io.clearhouse.console.gateway", "io.clearhouse.console.config",
                        "io.clearhouse.console.signin")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.web.client.RestClient")
                .check(CONSOLE);
    }
}
