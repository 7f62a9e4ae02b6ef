package io.clearhouse.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * What a servlet service must not rebuild, because {@code service-support} gives it: its own
 * problem advice, its own outbox relay, its own check of the gateway's identity signature. Each
 * service's architecture test applies them: {@code ServicePlumbingRules.check("io.clearhouse.ingest")}.
 */
public final class ServicePlumbingRules {

    /** One {@code @RestControllerAdvice} for all: service-support's {@code ProblemAdvice}. */
    public static final ArchRule NO_OWN_PROBLEM_ADVICE = noClasses()
            .should().beAnnotatedWith("org.springframework.web.bind.annotation.RestControllerAdvice")
            .orShould().beAnnotatedWith("org.springframework.web.bind.annotation.ControllerAdvice")
            .orShould().beAssignableTo("org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler")
            .because("service-support's ProblemAdvice is the one advice; a domain refusal implements ProblemException "
                    + "or is mapped by a ProblemTranslator bean");

    /** One relay per service, service-support's: the same order, lock, table and metrics everywhere. */
    public static final ArchRule NO_OWN_OUTBOX_RELAY = noClasses()
            .should().haveSimpleNameContaining("OutboxRelay")
            .orShould().haveSimpleNameEndingWith("Outbox")
            .because("service-support's OutboxWriter and OutboxRelay are the outbox");

    /** Identity is verified once, by service-support's CallerFilter; controllers take a Caller. */
    public static final ArchRule NO_OWN_IDENTITY_CHECK = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("io.clearhouse.common.identity.GatewayIdentity")
            .because("service-support's CallerFilter verifies the gateway's signature (deny by default)");

    public static final List<ArchRule> ALL = List.of(NO_OWN_PROBLEM_ADVICE, NO_OWN_OUTBOX_RELAY, NO_OWN_IDENTITY_CHECK);

    private ServicePlumbingRules() {
    }

    /** Applies every rule to the service's main classes under {@code rootPackage}. */
    public static void check(String rootPackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
        ALL.forEach(rule -> rule.check(classes));
    }
}
