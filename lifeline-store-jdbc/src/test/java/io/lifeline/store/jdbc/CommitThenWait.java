package io.lifeline.store.jdbc;

import static io.lifeline.store.StoreFixtures.append;
import static io.lifeline.store.StoreFixtures.job;
import static io.lifeline.store.StoreFixtures.put;
import static io.lifeline.store.StoreFixtures.submitted;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The victim of {@link SqliteKillTest}, run in its own JVM: commits {@code args[1]} jobs into the
 * store in {@code args[0]}, prints a line after each commit returns, then holds the store open until
 * it is killed, so that nothing but the commits themselves made the data durable.
 */
final class CommitThenWait {

  private CommitThenWait() {}

  public static void main(String[] args) throws IOException {
    var store = SqliteStore.open(Path.of(args[0]));
    int jobs = Integer.parseInt(args[1]);
    for (int i = 0; i < jobs; i++) {
      store.commit(List.of(put(job("j" + i)), append(submitted("j" + i))));
      System.out.println("committed j" + i);
    }
    System.out.flush();
    System.in.read(); // never returns before the kill: the parent never writes to it
  }
}
