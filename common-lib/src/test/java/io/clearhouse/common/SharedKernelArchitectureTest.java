package io.clearhouse.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** common-lib is a shared kernel: every service depends on it, so it must not drag frameworks in. */
class SharedKernelArchitectureTest {

    private static final JavaClasses KERNEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.clearhouse.common");

    @Test
    void dependsOnNoWebMessagingOrPersistenceFramework() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework.web..", "org.springframework.kafka..", "org.apache.kafka..",
                        "jakarta.persistence..", "org.hibernate..", "tools.jackson..", "com.fasterxml..")
                .check(KERNEL);
    }

    @Test
    void dependsOnNoService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.clearhouse.gateway..",
                "io.clearhouse.ingest..", "io.clearhouse.settlement..", "io.clearhouse.reconciliation..",
                "io.clearhouse.reporting..", "io.clearhouse.launcher..").check(KERNEL);
    }

    @Test
    void keepsMoneyFreeOfFloatingPoint() {
        noClasses().that().resideInAPackage("io.clearhouse.common.money..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.Double")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Float")
                .check(KERNEL);
    }
}
