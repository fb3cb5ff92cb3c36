package io.lifeline.agents.evaluate;

import io.lifeline.model.HeuristicOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells which language a text is written in, well enough to catch a model that answered a German
 * prompt in English: Chinese, Japanese and Korean by their scripts, and English, German, French,
 * Spanish and Italian by their most frequent function words (the words every sentence needs, so
 * a paragraph has dozens of them whatever its topic).
 *
 * <p>Codes are ISO 639-1; {@value #UNDETERMINED} (ISO 639-2 "undetermined") when the text is too
 * short to tell, is in another language, or two profiles tie. Stateless and thread-safe.
 */
public final class Languages {

  /** The answer when no supported language wins. */
  public static final String UNDETERMINED = "und";

  /** Fewer function words than this is too little evidence: a title, a list of names. */
  static final int MIN_HITS = 3;

  private static final Pattern WORD = Pattern.compile("\\p{L}+");

  /**
   * Frequent function words, chosen to be distinctive: a word shared by two languages ("la",
   * "un") counts for both, and the words only one of them uses decide.
   */
  private static final Map<String, Set<String>> FUNCTION_WORDS = profiles();

  /**
   * The codes {@link #identify} can return, besides {@value #UNDETERMINED}: the languages a
   * workflow's heuristic gate may require, defined with the workflow schema so that a step asking
   * for another one is refused when the workflow is read.
   */
  public static final Set<String> SUPPORTED = HeuristicOptions.LANGUAGES;

  private Languages() {}

  /** The language of {@code text}: one of {@link #SUPPORTED}, or {@value #UNDETERMINED}. */
  public static String identify(String text) {
    String script = dominantScript(text);
    return script.equals("latin") ? byFunctionWords(text) : script;
  }

  /** "zh", "ja", "ko" or "latin" by the script most letters are in; {@value #UNDETERMINED} otherwise. */
  private static String dominantScript(String text) {
    int han = 0;
    int kana = 0;
    int hangul = 0;
    int latin = 0;
    int other = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (!Character.isLetter(c)) {
        continue;
      }
      switch (Character.UnicodeScript.of(c)) {
        case HAN -> han++;
        case HIRAGANA, KATAKANA -> kana++;
        case HANGUL -> hangul++;
        case LATIN -> latin++;
        default -> other++;
      }
    }
    int cjk = han + kana;
    int most = Math.max(Math.max(cjk, hangul), Math.max(latin, other));
    if (most == 0 || most == other) {
      return UNDETERMINED;
    }
    if (most == cjk) {
      return kana > 0 ? "ja" : "zh"; // Japanese mixes kanji with kana; Chinese never uses kana
    }
    return most == hangul ? "ko" : "latin";
  }

  private static String byFunctionWords(String text) {
    var hits = new LinkedHashMap<String, Integer>();
    FUNCTION_WORDS.keySet().forEach(language -> hits.put(language, 0));
    var matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (matcher.find()) {
      String word = matcher.group();
      FUNCTION_WORDS.forEach((language, words) -> {
        if (words.contains(word)) {
          hits.merge(language, 1, Integer::sum);
        }
      });
    }
    String best = UNDETERMINED;
    int bestHits = MIN_HITS - 1;
    boolean tie = false;
    for (var entry : hits.entrySet()) {
      if (entry.getValue() > bestHits) {
        best = entry.getKey();
        bestHits = entry.getValue();
        tie = false;
      } else if (entry.getValue() == bestHits && bestHits >= MIN_HITS) {
        tie = true;
      }
    }
    return tie ? UNDETERMINED : best;
  }

  private static Map<String, Set<String>> profiles() {
    var profiles = new LinkedHashMap<String, Set<String>>();
    profiles.put("en", words("the and of to is in that it was for with as on are this be by have from not which "
        + "they were but their has had will would been or an at we you he she"));
    profiles.put("de", words("der die das und ist nicht mit sich auf ein eine einen den dem des von zu auch es sind "
        + "wird wurde ich sie wir aber oder noch nach bei für über dass im zum zur wie"));
    profiles.put("fr", words("le la les des est et une un du de dans que qui pour pas sur avec ce sont au aux il elle "
        + "nous vous mais ou leur par été était cette ces"));
    profiles.put("es", words("el la los las de que y en es un una por con para del se no lo al como más pero sus su "
        + "fue son está este esta también"));
    profiles.put("it", words("il lo la gli le di che e è un una per con del della non sono si al nel alla anche come "
        + "più ma questo questa era ha dei delle"));
    return profiles;
  }

  private static Set<String> words(String spaceSeparated) {
    return Set.copyOf(List.of(spaceSeparated.split(" ")));
  }
}
