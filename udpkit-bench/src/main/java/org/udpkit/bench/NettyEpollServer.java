package org.udpkit.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import org.udpkit.protocol.LengthProtocol;

/**
 * The comparator server for bench/run: the book's length protocol on Netty's epoll transport, tuned the
 * way Netty documents for throughput (recvmmsg into one buffer of many datagram slots, writes flushed
 * once per read batch, which Netty sends with sendmmsg), one event-loop thread, the reply written by
 * udpkit's allocation-free {@link LengthProtocol#writeReply}.
 *
 * <p>Datagrams longer than {@link #SLOT} are cut short: this server is for the benchmark's small requests,
 * not a correct server of every size. Usage: {@code NettyEpollServer PORT}; stop it with SIGTERM.
 */
public final class NettyEpollServer {
    /** Bytes per datagram in the receive buffer. */
    static final int SLOT = 2048;
    /** Datagrams per recvmmsg, as in udpkit's batched transport and the C reference. */
    static final int BATCH = 64;

    private NettyEpollServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            var channel = new Bootstrap()
                    .group(group)
                    .channel(EpollDatagramChannel.class)
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, SLOT)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(SLOT * BATCH))
                    .handler(new LengthHandler())
                    .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            System.out.println("Listening at " + channel.localAddress() + " (netty epoll)");
            channel.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    private static final class LengthHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket request) {
            ByteBuf reply = ctx.alloc().directBuffer(LengthProtocol.MAX_REPLY_LENGTH);
            ByteBuffer text = reply.nioBuffer(0, LengthProtocol.MAX_REPLY_LENGTH);
            LengthProtocol.writeReply(request.content().readableBytes(), text);
            reply.writerIndex(text.position());
            ctx.write(new DatagramPacket(reply, request.sender()));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
