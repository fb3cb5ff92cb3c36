package io.lifeline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.store.StoreException;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class KeyValueTextTest {

  @Property
  void everyMapRoundTrips(@ForAll("maps") Map<String, String> map) {
    assertThat(KeyValueText.decode(KeyValueText.encode(map))).isEqualTo(map);
  }

  /** Short strings heavy in the characters that the encoding must escape, empty ones included. */
  @Provide
  Arbitrary<Map<String, String>> maps() {
    Arbitrary<String> text = Arbitraries.strings().withChars("=&%+ \n\\\u0000é字").withCharRange('a', 'e')
        .ofMaxLength(12);
    return Arbitraries.maps(text, text).ofMaxSize(6);
  }

  @Test
  void theTextIsSortedAndReadable() {
    assertThat(KeyValueText.encode(Map.of("topic", "sea tides", "lang", "en"))).isEqualTo("lang=en&topic=sea+tides");
    assertThat(KeyValueText.encode(Map.of())).isEmpty();
    assertThat(KeyValueText.encode(Map.of("", ""))).isEqualTo("=");
  }

  @Test
  void textItCannotHaveWrittenIsRefused() {
    assertThatThrownBy(() -> KeyValueText.decode("a=1&b")).isInstanceOf(StoreException.class)
        .hasMessageContaining("entry 'b' has no '='");
    assertThatThrownBy(() -> KeyValueText.decode("a=%zz")).isInstanceOf(StoreException.class)
        .hasMessageContaining("a=%zz");
    assertThatThrownBy(() -> KeyValueText.decode("a=1&a=2")).isInstanceOf(StoreException.class)
        .hasMessageContaining("key 'a' appears twice");
  }
}
