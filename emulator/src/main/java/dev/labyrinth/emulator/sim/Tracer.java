package dev.labyrinth.emulator.sim;

/**
 * Where model code reports what happened, one record at a time, without knowing the output format.
 *
 * <p>The interface lives in {@code sim} so that every model package ({@code mm}, {@code vm},
 * {@code machine}) can trace while importing nothing but the kernel; the canonical JSON Lines
 * writer in {@code trace} implements it. A record's fields are written in the order they are put,
 * which is how the canonical trace keeps a fixed key order. Values are integers or strings only:
 * the trace never carries a floating-point number.
 */
public interface Tracer {

  /** A tracer that drops everything; {@link #enabled()} is false so callers can skip work. */
  Tracer OFF = new Tracer() {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public Record begin(String event, long timeNs) {
      return Record.DISCARD;
    }
  };

  /** Whether records are kept; callers may skip building fields when this is false. */
  boolean enabled();

  /**
   * Starts a record of {@code event} at emulated time {@code timeNs}. The caller puts its fields
   * and must finish with {@link Record#end()} before beginning the next record.
   */
  Record begin(String event, long timeNs);

  /** One trace record under construction. */
  interface Record {

    /** A record that ignores its fields, returned by disabled tracers. */
    Record DISCARD = new Record() {
      @Override
      public Record put(String key, long value) {
        return this;
      }

      @Override
      public Record put(String key, String value) {
        return this;
      }

      @Override
      public void end() {}
    };

    /** Appends an integer field. */
    Record put(String key, long value);

    /** Appends a string field; the writer escapes it. */
    Record put(String key, String value);

    /** Finishes the record. */
    void end();
  }
}
