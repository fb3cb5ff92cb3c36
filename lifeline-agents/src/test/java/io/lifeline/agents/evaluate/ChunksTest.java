package io.lifeline.agents.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunksTest {

  @Test
  void cutsAtParagraphsAndRemembersWhereEachChunkLies() {
    String text = Samples.body("lighthouses");

    var chunks = Chunks.of(text);

    assertThat(chunks).hasSize(4);
    for (var chunk : chunks) {
      assertThat(text.substring(chunk.start(), chunk.end())).isEqualTo(chunk.text());
    }
    assertThat(chunks.get(1).text()).startsWith("The keepers lived beside the lamp");
  }

  @Test
  void joinsAHeadingToTheParagraphAfterIt() {
    var chunks = Chunks.of(Samples.text("lighthouses"));

    assertThat(chunks).hasSize(4);
    assertThat(chunks.getFirst().text()).startsWith("Lighthouses, their keepers and coastal shipping\n\nFor most");
  }

  @Test
  void joinsAShortLastParagraphToTheOneBefore() {
    var chunks = Chunks.of(Samples.body("chess") + "\n\nThat is all.\n");

    assertThat(chunks).hasSize(4);
    assertThat(chunks.getLast().text()).endsWith("endgame.\n\nThat is all.");
  }

  @Test
  void splitsALongParagraphBetweenSentences() {
    String paragraph = String.join(" ", Samples.paragraphs("volcanoes")).replace("\n", " ");

    var chunks = Chunks.of(paragraph);

    assertThat(Chunks.words(paragraph)).isGreaterThan(2 * Chunks.MAX_WORDS);
    assertThat(chunks).hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(chunk -> assertThat(Chunks.words(chunk.text())).isLessThanOrEqualTo(Chunks.MAX_WORDS))
        .allSatisfy(chunk -> assertThat(chunk.text()).endsWith("."));
    assertThat(String.join(" ", chunks.stream().map(Chunks.Chunk::text).toList())).isEqualTo(paragraph);
  }

  @Test
  void countsEachChineseCharacterAsAWord() {
    assertThat(Chunks.words("灯塔守护着海岸")).isEqualTo(7);
    assertThat(Chunks.words("AI模型 works")).isEqualTo(4);
  }

  @Test
  void blankTextHasNoChunks() {
    assertThat(Chunks.of(" \n\n \t")).isEqualTo(List.of());
  }
}
