"""Sends one UDP datagram over IPv4 with a source address and port of our choosing (a forgery), through a
raw socket: python3 spoof_udp.py SRC_IP SRC_PORT DST_IP DST_PORT PAYLOAD. Needs root (CAP_NET_RAW).
The kernel fills in the IP header's checksum and ID; a UDP checksum of 0 means none, which IPv4 allows."""
import socket
import struct
import sys


def main():
    src, src_port, dst, dst_port, payload = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
    data = payload.encode("ascii")
    udp = struct.pack("!HHHH", src_port, dst_port, 8 + len(data), 0) + data
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, socket.IPPROTO_UDP, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW) as raw:
        raw.sendto(ip + udp, (dst, 0))


if __name__ == "__main__":
    main()
