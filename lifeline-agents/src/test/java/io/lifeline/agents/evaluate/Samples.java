package io.lifeline.agents.evaluate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Hand-written articles of about 270 words on distinct topics (test resources {@code samples/}),
 * each a title line and four paragraphs, with a prompt for each that does not repeat its title.
 */
final class Samples {

  /** The six topics, each with a prompt a user might have written for it. */
  static final Map<String, String> PROMPTS = Map.of(
      "lighthouses", "Write an article about lighthouses, the people who kept them and why ships needed them",
      "beekeeping", "Write a piece for readers about keeping honey bees through the seasons",
      "sourdough", "Explain how to bake a sourdough loaf at home",
      "volcanoes", "Write an article explaining why and how volcanoes erupt",
      "chess", "Write about chess openings and how to choose one",
      "cycling", "Write an article on riding e-bikes in city traffic");

  private Samples() {}

  /** The whole sample {@code name}, title included. */
  static String text(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("samples/" + name + ".txt")) {
      if (in == null) {
        throw new IllegalArgumentException("no sample '" + name + "'");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample's paragraphs without its title. */
  static List<String> paragraphs(String name) {
    var paragraphs = List.of(text(name).strip().split("\n\n"));
    return paragraphs.subList(1, paragraphs.size());
  }

  /** The sample's body: its paragraphs without the title, as an article would be written. */
  static String body(String name) {
    return String.join("\n\n", paragraphs(name));
  }
}
