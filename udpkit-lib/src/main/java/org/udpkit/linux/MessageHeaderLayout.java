package org.udpkit.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * {@code struct iovec}, {@code struct msghdr} and {@code struct mmsghdr} (64-bit Linux), the records
 * {@code recvmmsg} and {@code sendmmsg} read and fill. Field handles take (segment, base offset), so one
 * handle serves every element of an array of these structs.
 */
public final class MessageHeaderLayout {
    /** {@code struct iovec { void *iov_base; size_t iov_len; }}: 16 bytes. */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("iov_base"),
            ValueLayout.JAVA_LONG.withName("iov_len"));

    /** {@code struct msghdr}: 56 bytes. */
    public static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("msg_name"),
            ValueLayout.JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ValueLayout.ADDRESS.withName("msg_iov"),
            ValueLayout.JAVA_LONG.withName("msg_iovlen"),
            ValueLayout.ADDRESS.withName("msg_control"),
            ValueLayout.JAVA_LONG.withName("msg_controllen"),
            ValueLayout.JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));

    /** {@code struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }}: 64 bytes. */
    public static final StructLayout MMSGHDR = MemoryLayout.structLayout(
            MSGHDR.withName("msg_hdr"),
            ValueLayout.JAVA_INT.withName("msg_len"),
            MemoryLayout.paddingLayout(4));

    public static final VarHandle IOV_BASE = IOVEC.varHandle(groupElement("iov_base"));
    public static final VarHandle IOV_LEN = IOVEC.varHandle(groupElement("iov_len"));

    public static final VarHandle MSG_NAME = MMSGHDR.varHandle(groupElement("msg_hdr"), groupElement("msg_name"));
    public static final VarHandle MSG_NAMELEN = MMSGHDR.varHandle(groupElement("msg_hdr"), groupElement("msg_namelen"));
    public static final VarHandle MSG_IOV = MMSGHDR.varHandle(groupElement("msg_hdr"), groupElement("msg_iov"));
    public static final VarHandle MSG_IOVLEN = MMSGHDR.varHandle(groupElement("msg_hdr"), groupElement("msg_iovlen"));
    public static final VarHandle MSG_CONTROL = MMSGHDR.varHandle(groupElement("msg_hdr"), groupElement("msg_control"));
    public static final VarHandle MSG_CONTROLLEN = MMSGHDR.varHandle(groupElement("msg_hdr"), groupElement("msg_controllen"));
    public static final VarHandle MSG_FLAGS = MMSGHDR.varHandle(groupElement("msg_hdr"), groupElement("msg_flags"));
    public static final VarHandle MSG_LEN = MMSGHDR.varHandle(groupElement("msg_len"));

    private MessageHeaderLayout() {
    }
}
