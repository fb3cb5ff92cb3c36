package io.lifeline.agents.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The topic words of a prompt: lower-cased words of three letters or more that are neither stop
 * words nor instruction words ("write", "article", …), most frequent first, ties in order of first
 * appearance. The text agent weaves them into its prose and the heuristic evaluator checks that an
 * output covers them, so both read a prompt the same way.
 */
public final class Keywords {

  /** Enough to pin a topic; a prompt that quotes a whole outline would otherwise ask for dozens. */
  public static final int DEFAULT_LIMIT = 8;

  /** Longer runs are usually two phrases that the prompt forgot to separate. */
  static final int MAX_PHRASE_WORDS = 3;

  private static final Pattern CLAUSE_BREAK = Pattern.compile("[.,;:!?()\\[\\]\"\n]+");

  private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}'-]*[\\p{L}]|[\\p{L}]");

  private static final Set<String> STOP_WORDS = Set.of(
      "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was",
      "one", "our", "out", "has", "him", "his", "how", "its", "may", "new", "now", "old", "see",
      "two", "way", "who", "did", "get", "let", "she", "too", "use", "that", "with", "have",
      "this", "will", "your", "from", "they", "know", "want", "been", "good", "much", "some",
      "time", "very", "when", "come", "here", "just", "like", "long", "make", "many", "more",
      "only", "over", "such", "take", "than", "them", "well", "were", "what", "which", "their",
      "there", "these", "those", "would", "about", "after", "again", "also", "into", "other",
      "could", "should", "where", "while", "then", "each", "both", "most", "does", "being",
      "because", "before", "between", "through", "under", "upon", "within", "without", "every",
      "why", "yes", "off", "own", "same", "few", "nor", "must", "shall", "might",
      "it's", "don't", "i'm", "you're", "we're", "they're", "isn't", "aren't", "can't");

  /** Words that say what to do rather than what about: a prompt's verbs and formats. */
  private static final Set<String> INSTRUCTION_WORDS = Set.of(
      "write", "writes", "written", "draft", "outline", "article", "essay", "piece", "story",
      "report", "review", "summary", "summarise", "summarize", "describe", "explain", "discuss",
      "short", "brief", "please", "paragraph", "paragraphs", "words", "section", "sections",
      "illustration", "illustrate", "image", "picture", "title", "headline", "following",
      "newsroom", "readers", "reader", "using", "give", "create", "produce", "generate");

  private Keywords() {}

  /** The words of {@code text}, lower-cased, in order: the tokenisation every heuristic shares. */
  public static List<String> words(String text) {
    var words = new ArrayList<String>();
    var matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (matcher.find()) {
      words.add(matcher.group());
    }
    return words;
  }

  /** Up to {@code limit} topic words of {@code prompt}; empty for a prompt with none. */
  public static List<String> of(String prompt, int limit) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String word : words(prompt)) {
      if (isTopicWord(word)) {
        counts.merge(word, 1, Integer::sum);
      }
    }
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()) // stable: ties keep order
        .limit(limit)
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * Up to {@code limit} topic phrases of {@code prompt}: runs of up to {@value #MAX_PHRASE_WORDS}
   * consecutive topic words, so "electric bicycles in city traffic" gives "electric bicycles" and
   * "city traffic". Longer phrases come first (they name the topic best), then order of
   * appearance. Prose that names every phrase names every keyword.
   */
  public static List<String> phrases(String prompt, int limit) {
    var phrases = new LinkedHashSet<String>();
    for (String clause : CLAUSE_BREAK.split(prompt.toLowerCase(Locale.ROOT))) {
      var run = new ArrayList<String>();
      for (String word : words(clause)) {
        if (isTopicWord(word) && run.size() < MAX_PHRASE_WORDS) {
          run.add(word);
        } else {
          addRun(phrases, run);
          if (isTopicWord(word)) {
            run.add(word);
          }
        }
      }
      addRun(phrases, run);
    }
    return phrases.stream()
        .sorted(Comparator.comparingInt((String phrase) -> phrase.split(" ").length).reversed())
        .limit(limit)
        .toList();
  }

  private static void addRun(Set<String> phrases, List<String> run) {
    if (!run.isEmpty()) {
      phrases.add(String.join(" ", run));
      run.clear();
    }
  }

  /** Whether {@code textWords} contain {@code keyword}, allowing a plural or possessive ending. */
  public static boolean mentions(Set<String> textWords, String keyword) {
    return textWords.contains(keyword)
        || textWords.contains(keyword + "s")
        || textWords.contains(keyword + "'s")
        || (keyword.endsWith("s") && textWords.contains(keyword.substring(0, keyword.length() - 1)));
  }

  private static boolean isTopicWord(String word) {
    return word.length() >= 3 && !STOP_WORDS.contains(word) && !INSTRUCTION_WORDS.contains(word);
  }
}
