package io.clearhouse.reporting;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Reporting reads other services only through their events and published views, keeps its formatters
 * plain Java (so they are unit-tested without Spring).
 */
class ReportingArchitectureTest {

    private static final JavaClasses REPORTING = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.clearhouse.reporting");

    @Test
    void importsNoOtherService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.clearhouse.gateway..",
                "io.clearhouse.ingest..", "io.clearhouse.settlement..", "io.clearhouse.reconciliation..",
                "io.clearhouse.launcher..").check(REPORTING);
    }

    @Test
    void formattersAndTheReportModelUseNoFramework() {
        noClasses().that().haveSimpleNameEndingWith("ReportWriter")
                .or().haveSimpleName("DailyReport").or().haveSimpleName("ReportingRates")
                .or().haveSimpleName("SpreadsheetText").or().haveSimpleName("StatementDocument")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                        "jakarta.servlet..")
                .check(REPORTING);
    }

    @Test
    void definesNoProblemAdviceOutboxRelayOrIdentityCheckOfItsOwn() {
        io.clearhouse.testsupport.ServicePlumbingRules.check("io.clearhouse.reporting");
    }
}
