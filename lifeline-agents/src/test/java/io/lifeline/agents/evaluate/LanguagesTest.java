package io.lifeline.agents.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguagesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "en | The keepers lived beside the lamp, and in fog they sounded the horn for hours on end.",
      "de | Die Wärter lebten neben der Lampe, und bei Nebel ließen sie das Horn stundenlang ertönen, auch wenn es nicht half.",
      "fr | Les gardiens vivaient près de la lampe et, dans le brouillard, ils faisaient sonner la corne pendant des heures.",
      "es | Los fareros vivían junto a la lámpara y, con niebla, hacían sonar la sirena durante horas para los barcos.",
      "it | I guardiani vivevano accanto alla lampada e, con la nebbia, suonavano la sirena per ore, anche di notte.",
      "zh | 灯塔守护人住在灯旁，雾天时他们会一连几个小时拉响雾笛。",
      "ja | 灯台守はランプのそばで暮らし、霧の日には何時間も霧笛を鳴らした。",
      "ko | 등대지기들은 등불 옆에서 살았고 안개가 끼면 몇 시간씩 무적을 울렸다.",
      "und | Lighthouse.",
      "und | Смотрители жили рядом с лампой и в тумане часами трубили в рог.",
      "und | 12345 — !!! ???",
  })
  void identifiesTheLanguageOrSaysItCannot(String expected, String text) {
    assertThat(Languages.identify(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"lighthouses", "beekeeping", "sourdough", "volcanoes", "chess", "cycling"})
  void identifiesEveryEnglishSample(String sample) {
    assertThat(Languages.identify(Samples.text(sample))).isEqualTo("en");
  }
}
