# Sourced by ./lifeline, ./run-tests and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME, then the `java` on the PATH, then /usr/lib/jvm/*. A JDK (with javac) is needed
# because the launcher builds the jar when it is missing or stale.

lifeline_java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

lifeline_is_jdk21() { # $1 = a JAVA_HOME candidate
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local major
  major=$(lifeline_java_major "$1/bin/java")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}

lifeline_find_jdk() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && lifeline_is_jdk21 "$JAVA_HOME"; then
    return 0
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if lifeline_is_jdk21 "$candidate"; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    if lifeline_is_jdk21 "$candidate"; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "lifeline: no JDK 21 or newer found." >&2
  echo "  Looked at JAVA_HOME (${JAVA_HOME:-unset}), the java on the PATH, and /usr/lib/jvm/*." >&2
  echo "  Install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME to it." >&2
  return 1
}
