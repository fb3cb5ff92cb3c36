/**
 * Stores on JDBC databases. {@link io.lifeline.store.jdbc.SqliteStore} is the embedded single-node
 * default; everything else in this package is how it is built.
 */
package io.lifeline.store.jdbc;
