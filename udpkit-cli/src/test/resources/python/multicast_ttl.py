"""Joins a multicast group and prints the TTL (IPv4) or hop limit (IPv6) of the first datagram it hears.

usage: multicast_ttl.py GROUP PORT INTERFACE
Prints 'ready' once joined, then 'ttl N' and the payload; exits 1 if nothing comes within 20 seconds.
"""
import socket
import struct
import sys

IP_RECVTTL, IP_TTL = 12, 2
IPV6_RECVHOPLIMIT, IPV6_HOPLIMIT = 51, 52

group, port, interface = sys.argv[1], int(sys.argv[2]), sys.argv[3]
index = socket.if_nametoindex(interface)
if ':' in group:
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1)
    s.bind(('::', port))
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                 socket.inet_pton(socket.AF_INET6, group) + struct.pack('@i', index))
    wanted = (socket.IPPROTO_IPV6, IPV6_HOPLIMIT)
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
    s.bind(('', port))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                 socket.inet_aton(group) + socket.inet_aton('0.0.0.0') + struct.pack('@i', index))
    wanted = (socket.IPPROTO_IP, IP_TTL)
s.settimeout(20)
print('ready', flush=True)
try:
    data, ancillary, flags, sender = s.recvmsg(2048, 256)
except socket.timeout:
    print('nothing heard', flush=True)
    sys.exit(1)
for level, kind, value in ancillary:
    if (level, kind) == wanted:
        print('ttl', struct.unpack('@i', value[:4])[0], flush=True)
print('heard', data.decode('ascii', 'replace'), flush=True)
