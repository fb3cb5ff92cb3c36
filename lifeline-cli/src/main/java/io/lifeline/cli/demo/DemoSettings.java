package io.lifeline.cli.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What a demo run was started with, kept in its data directory so that {@code --resume} continues
 * the same run (same jobs, same seed, same chaos) after the process was killed.
 */
record DemoSettings(int jobs, long seed, String chaos) {

  static final String FILE_NAME = "demo.properties";

  static DemoSettings read(Path dataDir) {
    var props = new Properties();
    try (Reader in = Files.newBufferedReader(dataDir.resolve(FILE_NAME))) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("--resume: no demo run to resume in " + dataDir + " (" + FILE_NAME + " unreadable)", e);
    }
    return new DemoSettings(Integer.parseInt(props.getProperty("jobs")), Long.parseLong(props.getProperty("seed")),
        props.getProperty("chaos"));
  }

  /** Writes atomically: a kill during the write leaves the old file or the new one, never half. */
  void write(Path dataDir) {
    var props = new Properties();
    props.setProperty("jobs", Integer.toString(jobs));
    props.setProperty("seed", Long.toString(seed));
    props.setProperty("chaos", chaos);
    Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(tmp)) {
        props.store(out, "lifeline demo run");
      }
      Files.move(tmp, dataDir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("--data-dir: cannot write " + dataDir.resolve(FILE_NAME), e);
    }
  }
}
