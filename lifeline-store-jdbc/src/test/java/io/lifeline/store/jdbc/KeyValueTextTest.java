package io.lifeline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.store.StoreException;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class KeyValueTextTest {

  @Property
  void everyMapRoundTrips(@ForAll Map<
      @StringLength(max = 12) @Chars({'=', '&', '%', '+', ' ', '\n', '\\', 'é', '字'}) @CharRange(from = 'a', to = 'e') String,
      @StringLength(max = 12) @Chars({'=', '&', '%', '+', ' ', '\n', '\\', 'é', '字'}) @CharRange(from = 'a', to = 'e') String> map) {
    assertThat(KeyValueText.decode(KeyValueText.encode(map))).isEqualTo(map);
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
