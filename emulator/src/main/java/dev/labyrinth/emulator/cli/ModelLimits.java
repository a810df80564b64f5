package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.scenario.Units;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The limits the command line adds on top of the scenario format's own (sizes, CPUs, devices,
 * tasks, times, all checked by the loader): how long a run may emulate, and how large a trace may
 * grow. They guard a shared machine against a scenario that would run for hours or fill the
 * disk; each can be raised on the command line.
 */
final class ModelLimits {

  private ModelLimits() {}

  /** Refuses a scenario whose duration is past {@code maxDurationNs}, naming the option. */
  static void checkDuration(String source, long durationNs, long maxDurationNs)
      throws BadInputException {
    if (durationNs > maxDurationNs) {
      throw new BadInputException(source + ": duration: " + durationNs + " ns of emulated time "
          + "is more than the limit of " + maxDurationNs + " ns; pass --max-duration "
          + ((durationNs + 999_999_999L) / 1_000_000_000L) + "s to allow it");
    }
  }

  /** Parses {@code 2h}, {@code 90min}, {@code 10s}, {@code 500ms}: a time option. */
  static final class TimeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String text = value.strip().toLowerCase(Locale.ROOT);
      try {
        if (text.endsWith("min")) {
          return Math.multiplyExact(Long.parseLong(text.substring(0, text.length() - 3)),
              60_000_000_000L);
        }
        if (text.endsWith("h")) {
          return Math.multiplyExact(Long.parseLong(text.substring(0, text.length() - 1)),
              3_600_000_000_000L);
        }
        return Units.parseTimeNs(text);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new TypeConversionException("'" + value + "' is not a time such as 30s, 10min "
            + "or 2h");
      }
    }
  }

  /** Parses {@code 100MiB} or a plain byte count: a size option. */
  static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String text = value.strip();
      try {
        long bytes = text.chars().allMatch(Character::isDigit) ? Long.parseLong(text)
            : Units.parseSizeBytes(text);
        if (bytes < 1) {
          throw new IllegalArgumentException("not positive");
        }
        return bytes;
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a positive size such as "
            + "1048576 or 100MiB");
      }
    }
  }
}
