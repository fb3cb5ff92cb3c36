package io.lifeline.store.jdbc;

import io.lifeline.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Reads which Lifeline schema a database has, refusing databases that are not Lifeline's. */
final class SchemaVersion {

  static final String META_TABLE = "lifeline_meta";
  static final String APPLICATION = "lifeline";

  private SchemaVersion() {}

  /**
   * The database's schema version: 0 for a database with nothing in it yet.
   *
   * @throws StoreException if it holds tables but is not Lifeline's, or its version is missing,
   *     malformed or newer than {@code latest}
   */
  static int read(Connection connection, Path file, int latest) throws SQLException {
    var objects = new ArrayList<String>();
    boolean hasMeta = false;
    try (var statement = connection.createStatement();
        var rows = statement.executeQuery(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
      while (rows.next()) {
        objects.add(rows.getString("type") + " " + rows.getString("name"));
        hasMeta |= rows.getString("type").equals("table") && rows.getString("name").equals(META_TABLE);
      }
    }
    if (objects.isEmpty()) {
      return 0;
    }
    if (!hasMeta) {
      throw new StoreException(file + " is not a Lifeline database: it holds " + summary(objects)
          + " but no " + META_TABLE + " table; refusing to change it");
    }
    var meta = new HashMap<String, String>();
    try (var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT key, value FROM " + META_TABLE)) {
      while (rows.next()) {
        meta.put(rows.getString("key"), rows.getString("value"));
      }
    }
    if (!APPLICATION.equals(meta.get("application"))) {
      throw new StoreException(file + " is not a Lifeline database: its " + META_TABLE
          + " names application '" + meta.get("application") + "'; refusing to change it");
    }
    int version = parse(meta.get("schema_version"), file);
    if (version > latest) {
      throw new StoreException(file + " has schema version " + version + ", newer than version " + latest
          + " that this Lifeline knows; open it with the Lifeline that wrote it or a newer one");
    }
    return version;
  }

  private static int parse(String text, Path file) {
    try {
      int version = Integer.parseInt(String.valueOf(text));
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // reported below with the value
    }
    throw new StoreException(file + ": " + META_TABLE + " has schema_version '" + text
        + "', not a version number; refusing to change it");
  }

  private static String summary(List<String> objects) {
    int shown = Math.min(objects.size(), 5);
    return String.join(", ", objects.subList(0, shown)) + (objects.size() > shown ? ", …" : "");
  }
}
