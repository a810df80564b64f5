package dev.labyrinth.emulator.vm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Content tokens and the checks on them. Every write stores a fresh token (a per-run counter, so
 * runs are deterministic); the checker remembers which process wrote each token. Each process's
 * view ({@link AddressSpace#view}, copied at fork) says which token each of its private pages must
 * hold, so a read that sees anything else is a violation: data of another process (a leak), or a
 * lost write of its own. References outside the page tables carry their own expectation
 * ({@link Pin#expectedTokens}).
 */
final class BleedChecker {
  private long lastToken;
  private int[] tokenWriter = new int[64];
  /** Fork number - 1 -> {parent, child}. */
  private final List<int[]> forks = new ArrayList<>();
  final List<BleedViolation> violations = new ArrayList<>();

  /** A fresh token written by {@code pid}. */
  long newToken(int pid) {
    lastToken++;
    if (lastToken >= tokenWriter.length) {
      tokenWriter = Arrays.copyOf(tokenWriter, tokenWriter.length * 2);
    }
    tokenWriter[(int) lastToken] = pid;
    return lastToken;
  }

  /** Who wrote {@code token}; 0 for zeroes. */
  int writerOf(long token) {
    return token == 0 ? 0 : tokenWriter[(int) token];
  }

  /** Records a fork and returns its number (from 1). */
  int recordFork(int parentPid, int childPid) {
    forks.add(new int[] {parentPid, childPid});
    return forks.size();
  }

  /** Compares a read; returns the violation (already recorded) or null. */
  BleedViolation check(int readerPid, long pfn, long address, String via, boolean longtermPin,
      long observed, long expected, int shareFork) {
    if (observed == expected) {
      return null;
    }
    int writer = writerOf(observed);
    String kind = writer != readerPid && writer != 0 ? "leak"
        : longtermPin ? "pin_unreliable" : "stale";
    int[] fork = shareFork > 0 ? forks.get(shareFork - 1) : new int[] {0, 0};
    BleedViolation v = new BleedViolation(kind, readerPid, writer, pfn, address, via, observed,
        expected, shareFork, fork[0], fork[1]);
    violations.add(v);
    return v;
  }
}
