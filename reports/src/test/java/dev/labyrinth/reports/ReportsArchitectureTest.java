package dev.labyrinth.reports;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * {@code reports} consumes traces and depends only on the trace format, never on the emulator, so
 * any saved trace can be re-reported (DESIGN.md section 2).
 */
class ReportsArchitectureTest {

  @Test
  void reportsNeverImportsTheEmulator() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.labyrinth.reports");
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.labyrinth.emulator..")
        .because("the arrow between the modules points one way: emulator -> reports")
        .check(classes);
  }
}
