package dev.tillsync.node.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package layering of the node: lower packages never reach up. */
class PackageRulesTest {

    private static final String ROOT = "dev.tillsync.node";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void crdtDependsOnJavaOnly() {
        classes().that().resideInAPackage(ROOT + ".crdt..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ROOT + ".crdt..")
                .check(classes);
    }

    @Test
    void eventDependsOnCrdtOnly() {
        classes().that().resideInAPackage(ROOT + ".event..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ROOT + ".crdt..", ROOT + ".event..")
                .check(classes);
    }

    @Test
    void netNeverReachesTheNodeState() {
        noClasses().that().resideInAPackage(ROOT + ".net..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".crdt..", ROOT + ".event..",
                        ROOT + ".store..", ROOT + ".sync..", ROOT + ".pos..", ROOT + ".codec..", ROOT + ".app..",
                        ROOT + ".cli..", ROOT + ".replay..")
                .check(classes);
    }

    @Test
    void storeKnowsNothingOfSyncTransportOrTills() {
        noClasses().that().resideInAPackage(ROOT + ".store..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".sync..", ROOT + ".net..", ROOT + ".pos..",
                        ROOT + ".app..", ROOT + ".cli..", ROOT + ".replay..")
                .check(classes);
    }

    @Test
    void syncNeverReachesTheTillsOrTheWiring() {
        noClasses().that().resideInAPackage(ROOT + ".sync..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".pos..", ROOT + ".app..", ROOT + ".cli..",
                        ROOT + ".replay..")
                .check(classes);
    }

    @Test
    void posNeverReachesSyncOrTransport() {
        noClasses().that().resideInAnyPackage(ROOT + ".pos..", ROOT + ".replay..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".sync..", ROOT + ".net..", ROOT + ".app..",
                        ROOT + ".cli..")
                .check(classes);
    }

    @Test
    void onlyTheWiringUsesLogback() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".app..", ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAPackage("ch.qos.logback..")
                .check(classes);
    }
}
