package dev.scalpel.testapps.agent;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * A third agent for the end-to-end tests, written the way APM and security agents are: Byte Buddy's
 * {@code AgentBuilder} with retransformation, advice around one method. Loaded by attach with the
 * agent argument {@code CLASS#METHOD}, it retransforms that class, counts the method's calls in
 * {@link #CALLS}, and prints {@code third agent: retransformed CLASS} once it did, then
 * {@code third agent: calls=N} every 200 ms while the count grows.
 */
public final class RetransformingAgent {

  /** Calls the advice saw. */
  public static final AtomicLong CALLS = new AtomicLong();

  private RetransformingAgent() {}

  public static void agentmain(String argument, Instrumentation instrumentation) {
    String[] target = argument.split("#", 2);
    new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .type(ElementMatchers.named(target[0]))
        .transform((builder, type, loader, module, domain) ->
            builder.visit(Advice.to(Counting.class).on(ElementMatchers.named(target[1]))))
        .installOn(instrumentation);
    System.out.println("third agent: retransformed " + target[0]);
    Thread reporter = new Thread(RetransformingAgent::report, "third-agent-report");
    reporter.setDaemon(true);
    reporter.start();
  }

  private static void report() {
    long last = 0;
    try {
      while (true) {
        long now = CALLS.get();
        if (now != last) {
          System.out.println("third agent: calls=" + now);
          last = now;
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The advice: one count per call. */
  static final class Counting {
    private Counting() {}

    @Advice.OnMethodEnter
    static void enter() {
      CALLS.incrementAndGet();
    }
  }
}
