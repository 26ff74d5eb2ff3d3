package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The assertions every end-to-end test makes about a run. */
final class JvmResultTest {

  private static final List<String> COMMAND = List.of("java", "-cp", "app.jar", "Main");

  /** Guards the check that fails any agent run reporting a transformation error. */
  @Test
  void assertNoTransformationError_failsOnAgentReport() {
    JvmResult result = new JvmResult(COMMAND, 0, "ok\n",
        "scalpel: error: transformation of a.B failed: java.lang.VerifyError\n");

    AssertionFailedError failure = assertThrows(AssertionFailedError.class, result::assertNoTransformationError);

    assertTrue(failure.getMessage().contains("java.lang.VerifyError"), failure.getMessage());
  }

  /** Guards that a clean agent run passes the transformation error check, whatever else the agent says. */
  @Test
  void assertNoTransformationError_passesOtherAgentLines() {
    for (String stderr : List.of("", "scalpel: info: applied 1 patch\n",
        "scalpel: error: patch 'P-1': the transformation was refused by policy\n",
        "scalpel: info: transformation of a.B done\n")) {
      JvmResult result = new JvmResult(COMMAND, 0, "ok\n", stderr);
      assertDoesNotThrow(result::assertNoTransformationError, () -> "stderr: " + stderr);
    }
  }

  /** Guards that a wrong output fails with the command and both streams, so CI logs show the cause. */
  @Test
  void assertSucceededWith_failureShowsEverything() {
    JvmResult result = new JvmResult(COMMAND, 0, "total=19.99\n", "scalpel: warn: something\n");

    AssertionFailedError failure = assertThrows(AssertionFailedError.class,
        () -> result.assertSucceededWith(List.of("total=20.00")));

    assertTrue(failure.getMessage().contains("command: java -cp app.jar Main"), failure.getMessage());
    assertTrue(failure.getMessage().contains("--- stdout ---\ntotal=19.99\n"), failure.getMessage());
    assertTrue(failure.getMessage().contains("--- stderr ---\nscalpel: warn: something\n"), failure.getMessage());
  }

  /** Guards that a non-zero exit fails even when the output is right. */
  @Test
  void assertSucceededWith_failsOnExitCode() {
    JvmResult result = new JvmResult(COMMAND, 1, "total=20.00\n", "");

    AssertionFailedError failure = assertThrows(AssertionFailedError.class,
        () -> result.assertSucceededWith(List.of("total=20.00")));

    assertTrue(failure.getMessage().startsWith("exit code"), failure.getMessage());
  }
}
