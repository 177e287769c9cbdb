package org.udpkit.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LengthProtocolTest {
    @Test
    void writesTheBooksSentenceForEveryPossibleLength() {
        ByteBuffer reply = ByteBuffer.allocate(LengthProtocol.MAX_REPLY_LENGTH);
        for (int length = 0; length <= 65507; length++) {
            reply.clear();
            LengthProtocol.writeReply(length, reply);
            reply.flip();
            String text = StandardCharsets.US_ASCII.decode(reply.duplicate()).toString();
            if (!text.equals("Your data was " + length + " bytes long") || !LengthProtocol.isReplyTo(reply, length)
                    || LengthProtocol.isReplyTo(reply, length + 1)) {
                assertThat(text).as("reply for %d", length).isEqualTo("Your data was " + length + " bytes long");
                assertThat(LengthProtocol.parseReply(reply)).as("parsed back").hasValue(length);
                assertThat(LengthProtocol.isReplyTo(reply, length + 1)).as("a reply to another length").isFalse();
            }
        }
        assertThat(LengthProtocol.parseReply(ByteBuffer.wrap("Your data was 65507 bytes long".getBytes()))).hasValue(65507);
    }

    @Test
    void theLongestReplyFitsItsBound() {
        // The book's sentence for the largest request, written out: 30 characters.
        assertThat(LengthProtocol.MAX_REPLY_LENGTH).isEqualTo("Your data was 65507 bytes long".length()).isEqualTo(30);
        assertThat(LengthProtocol.replyText(65507)).isEqualTo("Your data was 65507 bytes long");
        assertThat(LengthProtocol.replyText(0)).isEqualTo("Your data was 0 bytes long");
    }

    @Test
    void parseRejectsWhatIsNotAReply() {
        for (String text : new String[] {"", "Your data was  bytes long", "Your data was x bytes long",
                "Your data was 12 bytes lon", "your data was 12 bytes long", "Your data was 1234567890 bytes long"}) {
            assertThat(LengthProtocol.parseReply(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII))))
                    .as(text).isEmpty();
            assertThat(LengthProtocol.isReplyTo(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), -1)).as(text).isFalse();
        }
    }
}
