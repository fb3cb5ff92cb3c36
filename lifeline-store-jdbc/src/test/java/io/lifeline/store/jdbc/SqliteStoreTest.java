package io.lifeline.store.jdbc;

import io.lifeline.store.Store;
import io.lifeline.store.StoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store against the shared contract, on a real file. */
class SqliteStoreTest extends StoreContract {

  @TempDir
  Path dataDir;

  @Override
  protected Store newStore() {
    return SqliteStore.open(dataDir);
  }

  @Override
  protected Store reopen(Store store) {
    store.close();
    return SqliteStore.open(dataDir);
  }
}
