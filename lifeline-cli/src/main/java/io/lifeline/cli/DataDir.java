package io.lifeline.cli;

import io.lifeline.store.Store;
import io.lifeline.store.jdbc.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Opens the store of an existing data directory, with errors that say what is wrong with it. */
public final class DataDir {

  private DataDir() {}

  /** Opens {@code dir}'s store; refuses a directory that holds no Lifeline database. */
  public static Store openExisting(Path dir, CommandLine cmd) {
    if (!Files.isRegularFile(dir.resolve(SqliteStore.FILE_NAME))) {
      throw new CommandLine.ParameterException(cmd,
          "--data-dir: '" + dir + "' holds no Lifeline database (" + SqliteStore.FILE_NAME + ")");
    }
    return SqliteStore.open(dir);
  }
}
