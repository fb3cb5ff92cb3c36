package io.lifeline.agents.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A word-level Markov chain of order 2: the next word is drawn from the words that followed the
 * last two in the training text, weighted by how often they did. Immutable once built, so one
 * instance serves every attempt on every thread.
 *
 * <p>Order 2 is the usual compromise for a corpus of a few tens of kilobytes: order 1 produces
 * word salad, order 3 mostly copies the corpus sentence by sentence.
 */
final class MarkovChain {

  /** Past this a walk is a run-on sentence: start another one. */
  private static final int MAX_WORDS = 45;
  /** Walks tried before settling for a cut-off one; nearly every walk ends well within a few. */
  private static final int TRIES = 8;

  private final Map<String, List<String>> followers;
  private final List<String[]> sentenceStarts;

  private MarkovChain(Map<String, List<String>> followers, List<String[]> sentenceStarts) {
    this.followers = followers;
    this.sentenceStarts = sentenceStarts;
  }

  /** The chain of the bundled public-domain essays. */
  static MarkovChain essays() {
    return Holder.ESSAYS;
  }

  /**
   * Trains on {@code corpus}: paragraphs of prose, one per line; lines starting with {@code #} and
   * headings in capitals are skipped.
   */
  static MarkovChain train(String corpus) {
    var followers = new HashMap<String, List<String>>();
    var starts = new ArrayList<String[]>();
    for (String line : corpus.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.equals(trimmed.toUpperCase())) {
        continue;
      }
      String[] words = trimmed.split("\\s+");
      for (int i = 0; i + 2 < words.length; i++) {
        if (i == 0 || endsSentence(words[i - 1])) {
          starts.add(new String[] {words[i], words[i + 1]});
        }
        followers.computeIfAbsent(key(words[i], words[i + 1]), k -> new ArrayList<>()).add(words[i + 2]);
      }
    }
    if (starts.isEmpty()) {
      throw new IllegalArgumentException("corpus has no sentence of three words or more");
    }
    followers.replaceAll((k, v) -> List.copyOf(v));
    return new MarkovChain(Map.copyOf(followers), List.copyOf(starts));
  }

  /**
   * One sentence of {@code minWords} to {@value #MAX_WORDS} words that ends where a sentence of
   * the corpus ended; the same {@code random} state gives the same sentence.
   */
  String sentence(SplittableRandom random, int minWords) {
    List<String> words = List.of();
    for (int i = 0; i < TRIES; i++) {
      words = walk(random, minWords);
      if (endsSentence(words.getLast())) {
        break;
      }
    }
    return closed(String.join(" ", words));
  }

  private List<String> walk(SplittableRandom random, int minWords) {
    String[] start = sentenceStarts.get(random.nextInt(sentenceStarts.size()));
    var words = new ArrayList<>(List.of(start));
    while (words.size() < MAX_WORDS) {
      String last = words.getLast();
      if (endsSentence(last) && words.size() >= minWords) {
        break;
      }
      List<String> next = followers.get(key(words.get(words.size() - 2), last));
      if (next == null) {
        break;
      }
      words.add(next.get(random.nextInt(next.size())));
    }
    return words;
  }

  private static String closed(String sentence) {
    String bare = sentence.replaceAll("[,;:]+$", "");
    return endsSentence(bare) ? bare : bare + ".";
  }

  private static boolean endsSentence(String word) {
    return word.endsWith(".") || word.endsWith("!") || word.endsWith("?");
  }

  private static String key(String first, String second) {
    return first + ' ' + second;
  }

  /** Trains the bundled chain once, on first use (initialisation-on-demand holder). */
  private static final class Holder {
    static final MarkovChain ESSAYS = train(HouseStyle.essays());
  }
}
