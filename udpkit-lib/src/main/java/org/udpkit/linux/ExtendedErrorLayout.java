package org.udpkit.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * {@code struct cmsghdr} and {@code struct sock_extended_err} (64-bit Linux): what {@code recvmsg(MSG_ERRQUEUE)}
 * returns on a socket with {@code IP_RECVERR} / {@code IPV6_RECVERR} set, one control message per error, the
 * ICMP sender's address ({@code SO_EE_OFFENDER}) right after the error.
 */
public final class ExtendedErrorLayout {
    /** {@code struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; }}: 16 bytes, data follows. */
    public static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("cmsg_len"),
            ValueLayout.JAVA_INT.withName("cmsg_level"),
            ValueLayout.JAVA_INT.withName("cmsg_type"));

    /** {@code struct sock_extended_err} of {@code <linux/errqueue.h>}: 16 bytes. */
    public static final StructLayout SOCK_EXTENDED_ERR = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("ee_errno"),
            ValueLayout.JAVA_BYTE.withName("ee_origin"),
            ValueLayout.JAVA_BYTE.withName("ee_type"),
            ValueLayout.JAVA_BYTE.withName("ee_code"),
            ValueLayout.JAVA_BYTE.withName("ee_pad"),
            ValueLayout.JAVA_INT.withName("ee_info"),
            ValueLayout.JAVA_INT.withName("ee_data"));

    public static final VarHandle CMSG_LEN = CMSGHDR.varHandle(groupElement("cmsg_len"));
    public static final VarHandle CMSG_LEVEL = CMSGHDR.varHandle(groupElement("cmsg_level"));
    public static final VarHandle CMSG_TYPE = CMSGHDR.varHandle(groupElement("cmsg_type"));
    /** {@code CMSG_DATA}: where a control message's data starts, {@code CMSG_ALIGN(sizeof(struct cmsghdr))}. */
    public static final long CMSG_DATA = CMSGHDR.byteSize();
    /** Control messages follow each other at multiples of {@code sizeof(size_t)} ({@code CMSG_ALIGN}). */
    public static final long CMSG_ALIGNMENT = Long.BYTES;

    public static final VarHandle EE_ERRNO = SOCK_EXTENDED_ERR.varHandle(groupElement("ee_errno"));
    public static final VarHandle EE_ORIGIN = SOCK_EXTENDED_ERR.varHandle(groupElement("ee_origin"));
    public static final VarHandle EE_TYPE = SOCK_EXTENDED_ERR.varHandle(groupElement("ee_type"));
    public static final VarHandle EE_CODE = SOCK_EXTENDED_ERR.varHandle(groupElement("ee_code"));
    public static final VarHandle EE_INFO = SOCK_EXTENDED_ERR.varHandle(groupElement("ee_info"));
    /** {@code SO_EE_OFFENDER(ee)}: the sender of the ICMP message, a sockaddr right after the error. */
    public static final long EE_OFFENDER = SOCK_EXTENDED_ERR.byteSize();

    private ExtendedErrorLayout() {
    }

    /** {@code CMSG_ALIGN(length)}. */
    public static long align(long length) {
        return (length + CMSG_ALIGNMENT - 1) & -CMSG_ALIGNMENT;
    }
}
