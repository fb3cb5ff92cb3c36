package io.lifeline.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** A file's bytes and modification time, and what lies beside it, to show that nothing changed. */
record FileSnapshot(byte[] bytes, FileTime modified, List<String> directory) {

  static FileSnapshot of(Path file) {
    try (Stream<Path> siblings = Files.list(file.getParent())) {
      return new FileSnapshot(Files.readAllBytes(file), Files.getLastModifiedTime(file),
          siblings.map(p -> p.getFileName().toString()).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Same bytes and time; the directory is compared separately where SQLite may add its -shm/-wal. */
  boolean sameFileAs(FileSnapshot other) {
    return Arrays.equals(bytes, other.bytes) && modified.equals(other.modified);
  }
}
