package dev.scalpel.testapps.targets;

/** Implements {@link Greeter} without overriding its default method. */
public final class PlainGreeter implements Greeter {}
