package io.lifeline.agents.safety;

import io.lifeline.model.Output;
import io.lifeline.quality.SafetyFilter;
import io.lifeline.quality.SafetyVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The default {@link SafetyFilter}: a blocklist of terms and named regular expressions mark an
 * output {@code UNSAFE}; a {@linkplain Refusals refusal} marks it {@code REFUSED}.
 *
 * <p>Terms match as whole words, case-insensitively: "arson" matches "Arson!" but not
 * "parsons"; a term of several words matches across any run of whitespace. Patterns are
 * case-insensitive too (a safety rule that misses "SSN" because it was written for "ssn" is a
 * hole) and match anywhere. The blocklist is checked before refusals: a refusal that names a
 * blocked term is reported as unsafe, so a filter never calls blocked content something milder.
 *
 * <p>Reasons go to the durable history, so they quote the configured term that matched, or only
 * the name of a pattern — never the matched text, which may be the very content (a card number,
 * an address) that must not be stored. Output that is not text is not checked. Immutable and
 * thread-safe.
 */
public final class BlocklistSafetyFilter implements SafetyFilter {

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  /** Each configured term (as written, for reasons) with its whole-word regex. */
  private final Map<String, Pattern> terms = new LinkedHashMap<>();
  private final Map<String, Pattern> patterns = new LinkedHashMap<>();

  /**
   * @param terms words or phrases that make an output unsafe; none may be blank
   * @param patterns regular expressions that make an output unsafe, by the name reasons use
   *     (e.g. {@code "card-number"})
   * @throws IllegalArgumentException naming the term or pattern that is blank or does not compile
   */
  public BlocklistSafetyFilter(List<String> terms, Map<String, String> patterns) {
    for (int i = 0; i < terms.size(); i++) {
      String term = Objects.requireNonNull(terms.get(i), "terms[" + i + "]").strip();
      if (term.isEmpty()) {
        throw new IllegalArgumentException("terms[" + i + "]: must not be blank");
      }
      this.terms.put(term, Pattern.compile(wholeWords(term), FLAGS));
    }
    patterns.forEach((name, regex) -> this.patterns.put(name, compile(name, regex)));
  }

  /** Only refusal detection: no term or pattern is blocked. */
  public static BlocklistSafetyFilter refusalsOnly() {
    return new BlocklistSafetyFilter(List.of(), Map.of());
  }

  @Override
  public SafetyVerdict check(String prompt, Output output) {
    if (!output.isText()) {
      return SafetyVerdict.SAFE;
    }
    String text = output.text();
    Optional<String> term = firstMatch(terms, text);
    if (term.isPresent()) {
      return SafetyVerdict.unsafe("blocked term '" + term.get() + "'");
    }
    Optional<String> pattern = firstMatch(patterns, text);
    if (pattern.isPresent()) {
      return SafetyVerdict.unsafe("blocked pattern '" + pattern.get() + "'");
    }
    return Refusals.find(text)
        .map(phrase -> SafetyVerdict.refused("refusal: '" + phrase + "'"))
        .orElse(SafetyVerdict.SAFE);
  }

  /** The name of the first rule that matches somewhere in {@code text}. */
  private static Optional<String> firstMatch(Map<String, Pattern> rules, String text) {
    return rules.entrySet().stream()
        .filter(rule -> rule.getValue().matcher(text).find())
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** The term as a regex bounded by non-letters, its inner whitespace matching any whitespace. */
  private static String wholeWords(String term) {
    var words = new ArrayList<String>();
    for (String word : term.split("\\s+")) {
      words.add(Pattern.quote(word));
    }
    return "(?<![\\p{L}\\p{N}])" + String.join("\\s+", words) + "(?![\\p{L}\\p{N}])";
  }

  private static Pattern compile(String name, String regex) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("patterns: a pattern name must not be blank, was '" + name + "'");
    }
    try {
      return Pattern.compile(Objects.requireNonNull(regex, "patterns." + name), FLAGS);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("patterns." + name + ": not a valid regular expression: "
          + e.getDescription() + " near index " + e.getIndex(), e);
    }
  }
}
