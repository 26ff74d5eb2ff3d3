package dev.scalpel.engine;

/**
 * Where a patch's timed calls of both paths are kept: its {@link Sampler}, or in shadow mode its
 * {@link Shadow}, which times the original and the fix on each call it runs the fix on.
 */
interface Timings {

  /** The action path's latencies since the previous drain. One thread at a time drains. */
  Evidence.Latency drainFixed();

  /** The original path's latencies since the previous drain. One thread at a time drains. */
  Evidence.Latency drainOriginal();
}
