package io.lifeline.agents.evaluate;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Cuts a text into passages an embedding model reads whole, along the lines a reader sees:
 * paragraphs, then sentences within a paragraph too long for one passage. Each chunk remembers
 * where it lies in the text, so that a drift found in chunk {@code i} can keep everything before
 * it.
 *
 * <p>all-MiniLM-L6-v2 was trained on inputs of at most 256 word pieces and LangChain4j silently
 * averages longer inputs over 510-piece windows, so a long text embedded whole is both blurred and
 * out of the model's training range. Chunks of at most {@value #MAX_WORDS} words stay inside it
 * (English averages about 1.3 pieces per word). Paragraphs under {@value #MIN_WORDS} words — a
 * heading, a one-line transition — join the next one: alone, their embedding says little.
 */
final class Chunks {

  /** About 170 word pieces of English: inside the 256 the model was trained on, with room for rare words. */
  static final int MAX_WORDS = 128;
  /** Fewer words than this say too little on their own to be compared. */
  static final int MIN_WORDS = 20;

  /** A passage of the text: {@code text.substring(start, end)}. */
  record Chunk(int start, int end, String text) {}

  /** [start, end) in the text, before it becomes a chunk. */
  private record Span(int start, int end) {

    String in(String text) {
      return text.substring(start, end);
    }
  }

  private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n\\s*");

  /** A CJK character counts as a word (it is roughly one word piece); other words are letter runs. */
  private static final Pattern WORD =
      Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]|[\\p{L}\\p{N}&&[^\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]]+");

  private Chunks() {}

  /** The chunks of {@code text} in order; empty for blank text. */
  static List<Chunk> of(String text) {
    var pieces = new ArrayList<Span>();
    for (Span paragraph : paragraphs(text)) {
      pieces.addAll(bySentences(text, paragraph));
    }
    return merged(text, pieces);
  }

  /** How many words {@code text} has, counting each CJK character as one. */
  static int words(CharSequence text) {
    int count = 0;
    var matcher = WORD.matcher(text);
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  /** Each non-blank paragraph, trimmed. */
  private static List<Span> paragraphs(String text) {
    var paragraphs = new ArrayList<Span>();
    int start = 0;
    var breaks = PARAGRAPH_BREAK.matcher(text);
    while (breaks.find()) {
      addTrimmed(text, start, breaks.start(), paragraphs);
      start = breaks.end();
    }
    addTrimmed(text, start, text.length(), paragraphs);
    return paragraphs;
  }

  private static void addTrimmed(String text, int start, int end, List<Span> into) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (start < end) {
      into.add(new Span(start, end));
    }
  }

  /** The paragraph as is if short enough, else runs of whole sentences of at most MAX_WORDS. */
  private static List<Span> bySentences(String text, Span paragraph) {
    if (words(paragraph.in(text)) <= MAX_WORDS) {
      return List.of(paragraph);
    }
    int start = paragraph.start();
    var pieces = new ArrayList<Span>();
    var sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
    sentences.setText(paragraph.in(text));
    int pieceStart = start;
    int pieceWords = 0;
    for (int from = 0, to = sentences.next(); to != BreakIterator.DONE; from = to, to = sentences.next()) {
      int sentenceWords = words(text.subSequence(start + from, start + to));
      if (pieceWords > 0 && pieceWords + sentenceWords > MAX_WORDS) {
        addTrimmed(text, pieceStart, start + from, pieces);
        pieceStart = start + from;
        pieceWords = 0;
      }
      pieceWords += sentenceWords; // a single sentence over MAX_WORDS stays whole: cutting it mid-clause is worse
    }
    addTrimmed(text, pieceStart, paragraph.end(), pieces);
    return pieces;
  }

  /** Joins each piece under MIN_WORDS to the next one (the last one to the previous). */
  private static List<Chunk> merged(String text, List<Span> pieces) {
    var spans = new ArrayList<Span>();
    int start = -1;
    for (int i = 0; i < pieces.size(); i++) {
      Span piece = pieces.get(i);
      if (start < 0) {
        start = piece.start();
      }
      boolean last = i == pieces.size() - 1;
      if (last || words(text.subSequence(start, piece.end())) >= MIN_WORDS) {
        spans.add(new Span(start, piece.end()));
        start = -1;
      }
    }
    if (spans.size() > 1 && words(spans.getLast().in(text)) < MIN_WORDS) {
      var tail = spans.removeLast();
      spans.add(new Span(spans.removeLast().start(), tail.end()));
    }
    return spans.stream().map(span -> new Chunk(span.start(), span.end(), span.in(text))).toList();
  }
}
