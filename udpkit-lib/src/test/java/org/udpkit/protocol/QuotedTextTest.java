package org.udpkit.protocol;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected strings are what Python 3 prints for repr() of the same text (bytes >= 0x80 as \xNN instead of dying). */
class QuotedTextTest {
    @Test
    void quotesLikePythonRepr() {
        assertThat(QuotedText.of("hello")).isEqualTo("'hello'");
        assertThat(QuotedText.of("")).isEqualTo("''");
        assertThat(QuotedText.of("it's")).isEqualTo("\"it's\"");
        assertThat(QuotedText.of("say \"hi\" it's")).isEqualTo("'say \"hi\" it\\'s'");
        assertThat(QuotedText.of("a\tb\nc\rd\\e")).isEqualTo("'a\\tb\\nc\\rd\\\\e'");
        assertThat(QuotedText.of("\u0000\u001f\u007f")).isEqualTo("'\\x00\\x1f\\x7f'");
        assertThat(QuotedText.of("say \"hi\"")).isEqualTo("'say \"hi\"'");
        assertThat(QuotedText.of(" ~")).isEqualTo("' ~'");
    }

    @Test
    void showsOnlyWhatIsBetweenPositionAndLimitAndLeavesThemBe() {
        ByteBuffer payload = ByteBuffer.wrap("12345678hello, world".getBytes()).position(8).limit(13);
        assertThat(QuotedText.of(payload)).isEqualTo("'hello'");
        assertThat(payload.position()).isEqualTo(8);
        assertThat(payload.limit()).isEqualTo(13);
    }

    @Test
    void showsBytesThatAreNotAsciiEscaped() {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {'h', (byte) 0xc3, (byte) 0xa9, (byte) 0xff});
        assertThat(QuotedText.isAscii(payload)).isFalse();
        assertThat(QuotedText.of(payload)).isEqualTo("'h\\xc3\\xa9\\xff'");
        assertThat(QuotedText.isAscii(ByteBuffer.wrap("plain".getBytes()))).isTrue();
    }

    @Test
    void cutsLongPayloadsAndSaysHowMuchWasLeft() {
        ByteBuffer payload = ByteBuffer.wrap("x".repeat(65507).getBytes());
        assertThat(QuotedText.of(payload, 4)).isEqualTo("'xxxx'... (65503 more bytes)");
        assertThat(payload.remaining()).isEqualTo(65507);
    }
}
