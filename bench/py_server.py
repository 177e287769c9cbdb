#!/usr/bin/env python3
# The book's udp_local.py server (Foundations of Python Network Programming, chapter 2), made quiet: it
# answers every datagram with 'Your data was N bytes long' and prints nothing per datagram, so that a
# benchmark measures the socket loop rather than the terminal. Usage: py_server.py PORT
import socket
import sys

MAX_BYTES = 65535


def server(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(('127.0.0.1', port))
    print('Listening at {}'.format(sock.getsockname()), flush=True)
    while True:
        data, address = sock.recvfrom(MAX_BYTES)
        text = 'Your data was {} bytes long'.format(len(data))
        sock.sendto(text.encode('ascii'), address)


if __name__ == '__main__':
    try:
        server(int(sys.argv[1]))
    except KeyboardInterrupt:
        pass
