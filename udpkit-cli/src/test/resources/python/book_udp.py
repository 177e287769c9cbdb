#!/usr/bin/env python3
# The book's udp_local.py, udp_remote.py and udp_broadcast.py (Foundations of Python Network Programming, chapter 2),
# written independently of udpkit, with two changes for tests: the port is an argument (0 lets the OS
# choose) and output is flushed line by line.
import argparse, functools, random, socket, sys
from datetime import datetime

print = functools.partial(print, flush=True)
MAX_BYTES = 65535

def local_server(host, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(('127.0.0.1', port))
    print('Listening at {}'.format(sock.getsockname()))
    while True:
        data, address = sock.recvfrom(MAX_BYTES)
        text = data.decode('ascii')
        print('The client at {} says {!r}'.format(address, text))
        text = 'Your data was {} bytes long'.format(len(data))
        sock.sendto(text.encode('ascii'), address)

def local_client(host, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    text = 'The time is {}'.format(datetime.now())
    sock.sendto(text.encode('ascii'), ('127.0.0.1', port))
    print('The OS assigned me the address {}'.format(sock.getsockname()))
    data, address = sock.recvfrom(MAX_BYTES)
    print('The server {} replied {!r}'.format(address, data.decode('ascii')))

def remote_server(interface, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((interface, port))
    print('Listening at', sock.getsockname())
    while True:
        data, address = sock.recvfrom(MAX_BYTES)
        if random.random() < 0.5:
            print('Pretending to drop packet from {}'.format(address))
            continue
        text = data.decode('ascii')
        print('The client at {} says {!r}'.format(address, text))
        message = 'Your data was {} bytes long'.format(len(data))
        sock.sendto(message.encode('ascii'), address)

def remote_client(hostname, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.connect((hostname, port))
    print('Client socket name is {}'.format(sock.getsockname()))
    delay = 0.1
    data = 'This is another message'.encode('ascii')
    while True:
        sock.send(data)
        print('Waiting up to {} seconds for a reply'.format(delay))
        sock.settimeout(delay)
        try:
            data = sock.recv(MAX_BYTES)
        except socket.timeout:
            delay *= 2
            if delay > 2.0:
                raise RuntimeError('I think the server is down')
        else:
            break
    print('The server says {!r}'.format(data.decode('ascii')))

def broadcast_server(interface, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.bind((interface, port))
    print('Listening for datagrams at {}'.format(sock.getsockname()))
    while True:
        data, address = sock.recvfrom(65535)
        text = data.decode('ascii')
        print('The client at {} says: {!r}'.format(address, text))

def broadcast_client(network, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    text = 'Broadcast datagram!'
    sock.sendto(text.encode('ascii'), (network, port))

if __name__ == '__main__':
    choices = {'local-server': local_server, 'local-client': local_client,
               'remote-server': remote_server, 'remote-client': remote_client,
               'broadcast-server': broadcast_server, 'broadcast-client': broadcast_client}
    parser = argparse.ArgumentParser(description='The book\'s UDP programs, for interoperability tests')
    parser.add_argument('role', choices=choices)
    parser.add_argument('host')
    parser.add_argument('port', type=int)
    args = parser.parse_args()
    choices[args.role](args.host, args.port)
