package org.udpkit.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LengthProtocolTest {
    @Property
    void writesTheBooksSentenceForEveryLength(@ForAll @IntRange(min = 0, max = 65507) int length) {
        ByteBuffer reply = ByteBuffer.allocate(LengthProtocol.MAX_REPLY_LENGTH);
        LengthProtocol.writeReply(length, reply);
        reply.flip();
        assertThat(StandardCharsets.US_ASCII.decode(reply.duplicate()).toString())
                .isEqualTo("Your data was " + length + " bytes long");
        assertThat(LengthProtocol.parseReply(reply)).isEqualTo(length);
    }

    @Test
    void theLongestReplyFitsItsBound() {
        assertThat(LengthProtocol.replyText(65507)).hasSize(LengthProtocol.MAX_REPLY_LENGTH);
    }

    @Test
    void parseRejectsWhatIsNotAReply() {
        for (String text : new String[] {"", "Your data was  bytes long", "Your data was x bytes long",
                "Your data was 12 bytes lon", "your data was 12 bytes long", "Your data was 1234567890 bytes long"}) {
            assertThat(LengthProtocol.parseReply(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII))))
                    .as(text).isEqualTo(-1);
        }
    }
}
