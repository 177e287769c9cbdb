"""Sends UDP datagrams with a source address and port of our choosing (forgeries), through a raw socket:
python3 spoof_udp.py SRC_IP SRC_PORT DST_IP DST_PORT, one payload per line of stdin in hex. IPv4 or IPv6,
as the addresses are. Needs root (CAP_NET_RAW): exits 3 without it. After every ROUND datagrams it waits
(10 s at most) until the victim's socket has read them (/proc/net/udp or udp6 shows its queue empty), so
that none is lost to a full receive buffer. Prints how many it sent.

IPv4: the kernel fills in the IP header's checksum and ID, and a UDP checksum of 0 means none. IPv6 has
no header checksum but requires the UDP one, over a pseudo-header of both addresses (RFC 8200 s8.1)."""
import socket
import struct
import sys
import time

ROUND = 100


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total & 0xFFFF) or 0xFFFF


def ipv4(src, dst, udp):
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, socket.IPPROTO_UDP, 0,
                       socket.inet_aton(src), socket.inet_aton(dst)) + udp


def ipv6(src, dst, udp):
    s, d = socket.inet_pton(socket.AF_INET6, src), socket.inet_pton(socket.AF_INET6, dst)
    pseudo = s + d + struct.pack("!IxxxB", len(udp), socket.IPPROTO_UDP)
    udp = udp[:6] + struct.pack("!H", checksum(pseudo + udp)) + udp[8:]
    return struct.pack("!IHBB16s16s", 6 << 28, len(udp), socket.IPPROTO_UDP, 64, s, d) + udp


def queued(table, port):
    with open(table) as lines:
        for line in lines.readlines()[1:]:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == port:
                return int(fields[4].split(":")[1], 16)
    return 0


def main():
    src, src_port, dst, dst_port = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    family, packet, table = ((socket.AF_INET6, ipv6, "/proc/net/udp6") if ":" in dst
                             else (socket.AF_INET, ipv4, "/proc/net/udp"))
    try:
        raw = socket.socket(family, socket.SOCK_RAW, socket.IPPROTO_RAW)
    except PermissionError:
        sys.exit(3)
    sent = 0
    with raw:
        for line in sys.stdin:
            payload = bytes.fromhex(line.strip())
            udp = struct.pack("!HHHH", src_port, dst_port, 8 + len(payload), 0) + payload
            raw.sendto(packet(src, dst, udp), (dst, 0))
            sent += 1
            if sent % ROUND == 0:
                deadline = time.time() + 10
                while queued(table, dst_port) > 0 and time.time() < deadline:
                    time.sleep(0.001)
    print(sent)


if __name__ == "__main__":
    main()
