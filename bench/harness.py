#!/usr/bin/env python3
"""Runs the servers under test side by side on loopback and prints medians and ratios to the C reference.

Started by bench/run, which builds everything first. Every server is started once and stays up; each
round drives every server in turn with the same load generator (A B A B ...), so drift on this shared
machine hits all alike, and each table shows the median over the rounds and its ratio to the C
reference server measured in the same run. Every load is bounded in time; every process started here
is stopped here, by its PID.
"""
import argparse
import hashlib
import hmac
import json
import os
import re
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time

CLOCK_TICKS = os.sysconf('SC_CLK_TCK')
LOOPBACK = '127.0.0.1'
SCALING_SOCKETS = 4
WINDOW = 64
PAYLOAD = 64


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def id_request(payload, key):
    """A request of the ID protocol (docs/protocol.md): magic, version 1, flags, transmission 1, ID 1, tag."""
    datagram = struct.pack('!HBBIQ', 0x756b, 1, 0x02 if key else 0, 1, 1) + payload
    return datagram + (hmac.new(key, datagram, hashlib.sha256).digest() if key else b'')


def answers(port, timeout, key_file=None, ids=False):
    """True once something at port answers the book's protocol (or the ID protocol's, with the key if any)."""
    key = open(key_file, 'rb').read() if key_file else None
    request = id_request(b'ready?', key) if ids else b'ready?'
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.2)
        while time.monotonic() < deadline:
            try:
                s.sendto(request, (LOOPBACK, port))
                data, _ = s.recvfrom(200)
                if (data[16:16 + 26] if ids else data) == b'Your data was 6 bytes long':
                    return True
            except OSError:
                time.sleep(0.1)
    return False


def cpu_seconds(pid):
    with open('/proc/{}/stat'.format(pid)) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    # utime and stime are fields 14 and 15 of stat; after the ')' that ends the name they are 12 and 13.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_mib(pid):
    with open('/proc/{}/status'.format(pid)) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
    return 0.0


class Server:
    """A server under test. java: 'launcher' (started by ./udpkit, which takes extra JVM flags from
    UDPKIT_JAVA_OPTS), 'direct' (a java command line, extra flags go before -cp), or None."""

    def __init__(self, key, label, command, java, work, optional=False, bench_args=()):
        self.key = key
        # What udpkit bench must add to speak this server's protocol (the ID protocol's servers).
        self.bench_args = list(bench_args)
        self.label = label
        self.port = free_port()
        self.optional = optional
        self.gc_log = os.path.join(work, 'gc-{}.log'.format(key)) if java else None
        gc_flag = '-Xlog:gc:file={}'.format(self.gc_log)
        self.env = dict(os.environ)
        if java == 'launcher':
            self.env['UDPKIT_JAVA_OPTS'] = gc_flag
        elif java == 'direct':
            command = command[:1] + [gc_flag] + command[1:]
        self.command = [c.format(port=self.port) for c in command]
        self.process = None
        self.log = open(os.path.join(work, 'server-{}.log'.format(key)), 'w')
        self.env['MALLOC_ARENA_MAX'] = self.env.get('MALLOC_ARENA_MAX', '2')

    def start(self):
        self.process = subprocess.Popen(self.command, stdout=self.log, stderr=subprocess.STDOUT, env=self.env,
                                        stdin=subprocess.DEVNULL)

    def gc_count(self):
        if not self.gc_log or not os.path.exists(self.gc_log):
            return 0
        with open(self.gc_log) as f:
            return sum(1 for line in f if 'Pause' in line)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.log.close()


class Sampler(threading.Thread):
    """Samples a server's resident set while a load runs; keeps the largest seen after {@code skip} seconds
    (the generator's start-up and warm-up, when a JVM server may still be compiling)."""

    def __init__(self, pid, skip):
        super().__init__(daemon=True)
        self.pid = pid
        self.skip = skip
        self.peak = 0.0
        self.done = threading.Event()

    def run(self):
        start = time.monotonic()
        while not self.done.wait(0.25):
            if time.monotonic() - start < self.skip:
                continue
            try:
                self.peak = max(self.peak, rss_mib(self.pid))
            except OSError:
                return


def run_udpkit_bench(udpkit, port, window, sockets, duration, warmup, extra=()):
    command = [udpkit, 'bench', LOOPBACK, '-p', str(port), '--window', str(window), '--sockets', str(sockets),
               *extra,
               '--size', str(PAYLOAD), '--duration', str(duration), '--warmup', str(warmup), '--json',
               # A benchmark reports its loss (in the JSON) rather than failing on it.
               '--max-loss', '100%', '--no-progress']
    out = subprocess.run(command, capture_output=True, text=True, timeout=duration + warmup + 60)
    if out.returncode != 0:
        raise RuntimeError('udpkit bench failed: ' + out.stderr.strip())
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_blast(blast, port, window, duration):
    out = subprocess.run([blast, LOOPBACK, str(port), str(duration), str(PAYLOAD), str(window)],
                         capture_output=True, text=True, timeout=duration + 30)
    numbers = dict(re.findall(r'(\w+) ([\d.]+)', out.stdout))
    return {'replies_per_s': float(numbers['replies_per_s'])}


def measure(server, udpkit, window, sockets, duration, warmup):
    """One timed load on one server: the generator's JSON plus the server's CPU, RSS and GCs meanwhile."""
    pid = server.process.pid
    cpu_before = cpu_seconds(pid)
    gc_before = server.gc_count()
    # The generator's JVM takes well under a second to start; then comes its warm-up.
    sampler = Sampler(pid, warmup + 1.0)
    sampler.start()
    result = run_udpkit_bench(udpkit, server.port, window, sockets, duration, warmup, server.bench_args)
    sampler.done.set()
    sampler.join()
    served = max(1, result['received_total'])
    result['cpu_us_per_reply'] = (cpu_seconds(pid) - cpu_before) * 1e6 / served
    result['rss_mib'] = sampler.peak
    # The server's collections while the load ran (warm-up included, so this can only over-count).
    result['gcs'] = server.gc_count() - gc_before
    return result


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(value, reference):
    if value is None or not reference:
        return 'n/a'
    return '{:.2f}x'.format(value / reference)


def fmt(value, pattern='{:,.0f}'):
    return 'n/a' if value is None else pattern.format(value)


def table(headers, rows):
    lines = ['| ' + ' | '.join(headers) + ' |', '|' + '|'.join(' --- ' for _ in headers) + '|']
    lines += ['| ' + ' | '.join(str(c) for c in row) + ' |' for row in rows]
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--repo', required=True, help=argparse.SUPPRESS)
    parser.add_argument('--work', required=True, help=argparse.SUPPRESS)
    parser.add_argument('--refserver', help=argparse.SUPPRESS)
    parser.add_argument('--blast', help=argparse.SUPPRESS)
    parser.add_argument('--rounds', type=int, default=3, help='A B A B rounds (default 3)')
    parser.add_argument('--duration', type=float, default=4, help='timed seconds per load at window 64 (default 4)')
    parser.add_argument('--ping-duration', type=float, default=3, help='timed seconds per ping-pong load (default 3)')
    parser.add_argument('--warmup', type=float, default=1, help='warm-up seconds before each timed load (default 1)')
    parser.add_argument('--server-warmup', type=float, default=3,
                        help='untimed load on each server before the first round, for the JIT (default 3)')
    parser.add_argument('--jmh', action='store_true', help='also run the JMH microbenchmarks (about 1 minute)')
    parser.add_argument('--only', help='comma-separated server keys to run: '
                        'c,batched,batched2,wildcard,wildcard-route,ids,idskey,printing,jdk,python,netty')
    parser.add_argument('--experiments', default='w64,w64x4,w1,gen',
                        help='comma-separated loads to run: w64 (window 64), w64x4 (over 4 sockets), w1 (ping-pong), '
                             'gen (udpkit bench against blast); default all')
    args = parser.parse_args()

    udpkit = os.path.join(args.repo, 'udpkit')
    py_server = os.path.join(args.repo, 'bench', 'py_server.py')
    local = [udpkit, 'local', 'server', '--quiet', '-p', '{port}']
    key_file = os.path.join(args.work, 'ids.key')
    with open(key_file, 'wb') as f:
        f.write(os.urandom(32))
    servers = []
    if args.refserver:
        servers.append(Server('c', 'C reference (recvmmsg/sendmmsg)', [args.refserver, '{port}'], False, args.work))
    servers += [
        Server('batched', 'udpkit linux-batched, 1 worker', local + ['--transport', 'LINUX_BATCHED'], 'launcher',
               args.work),
        Server('batched2', 'udpkit linux-batched, 2 workers', local + ['--transport', 'LINUX_BATCHED', '--workers', '2'],
               'launcher', args.work),
        # The ID protocol (docs/protocol.md) on the same transport, and with HMAC-SHA256 tags both ways.
        Server('ids', 'udpkit linux-batched, ID protocol', local + ['--transport', 'LINUX_BATCHED', '--protocol', 'ids'],
               'launcher', args.work, bench_args=['--protocol', 'ids']),
        Server('idskey', 'udpkit linux-batched, ID protocol + HMAC',
               local + ['--transport', 'LINUX_BATCHED', '--protocol', 'ids', '--key-file', key_file], 'launcher',
               args.work, bench_args=['--protocol', 'ids', '--key-file', key_file]),
        Server('jdk', 'udpkit jdk-channel (fallback)', local + ['--transport', 'JDK'], 'launcher', args.work),
        # What users run first: a line per datagram, as the book's servers print. Its stdout is the server's log
        # file in the work directory (see Server.start), so this measures printing to a file.
        Server('printing', 'udpkit linux-batched, printing to a file',
               [udpkit, 'local', 'server', '-p', '{port}', '--transport', 'LINUX_BATCHED'], 'launcher', args.work),
        # Bound to every address (udp_remote.py's server, dropping nothing): each reply leaves from the request's
        # destination, carried as IP_PKTINFO in the reply's control message; and, for comparison, without it.
        Server('wildcard', 'udpkit linux-batched on 0.0.0.0, replies by IP_PKTINFO',
               [udpkit, 'remote', 'server', '0.0.0.0', '--drop', '0', '--quiet', '-p', '{port}',
                '--transport', 'LINUX_BATCHED'], 'launcher', args.work),
        Server('wildcard-route', 'udpkit linux-batched on 0.0.0.0, --reply-source ROUTE',
               [udpkit, 'remote', 'server', '0.0.0.0', '--drop', '0', '--quiet', '-p', '{port}',
                '--transport', 'LINUX_BATCHED', '--reply-source', 'ROUTE'], 'launcher', args.work),
        Server('python', "Python, the book's udp_local server (quiet)", [sys.executable, py_server, '{port}'], None,
               args.work),
    ]
    benchmarks_jar = os.path.join(args.repo, 'udpkit-bench', 'target', 'udpkit-benchmarks.jar')
    if os.path.exists(benchmarks_jar):
        # The same JVM and flags as the udpkit servers, as the launcher reports them; but this server runs on the
        # class path, in the unnamed module, so that is what gets native access (Netty loads its JNI library),
        # instead of module org.udpkit, which the JVM would warn is not there (nor open packages to).
        jvm = subprocess.run([udpkit, '--print-jvm'], capture_output=True, text=True, check=True).stdout.split()
        jvm = [flag for flag in jvm if not flag.endswith('=org.udpkit')]
        jvm.insert(1, '--enable-native-access=ALL-UNNAMED')
        servers.append(Server('netty', 'Netty 4.2 epoll (recvmmsg, 1 event loop)',
                              jvm + ['-cp', benchmarks_jar, 'org.udpkit.bench.NettyEpollServer', '{port}'], 'direct',
                              args.work, optional=True))
    if args.only:
        keep = set(args.only.split(','))
        servers = [s for s in servers if s.key in keep]
    by_key = {s.key: s for s in servers}
    single_socket = [s for s in servers if s.key != 'batched2']
    scaling = [s for s in servers if s.key in ('c', 'batched', 'batched2')]
    experiments = set(args.experiments.split(','))
    results = {}  # (experiment, key) -> list of result dicts

    def record(experiment, key, result):
        results.setdefault((experiment, key), []).append(result)

    def stop_all(*_):
        for s in servers:
            s.stop()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    try:
        for s in servers:
            s.start()
        for s in list(servers):
            ids = '--protocol' in s.bench_args
            key_file = s.bench_args[s.bench_args.index('--key-file') + 1] if '--key-file' in s.bench_args else None
            if not answers(s.port, 120, key_file, ids):
                if not s.optional:
                    raise RuntimeError('{} did not answer on port {}; see its log in {}'.format(s.label, s.port,
                                                                                              args.work))
                print('bench: leaving out {}: it did not start here'.format(s.label), file=sys.stderr)
                s.stop()
                servers.remove(s)
                single_socket.remove(s)
        print('bench: servers up: ' + ', '.join('{} on {}'.format(s.key, s.port) for s in servers), file=sys.stderr)
        if args.server_warmup > 0:
            # Untimed: lets each JVM server compile its hot path before anything is measured.
            print('bench: warming every server up for {:g} s'.format(args.server_warmup), file=sys.stderr)
            for s in servers:
                run_udpkit_bench(udpkit, s.port, WINDOW, SCALING_SOCKETS, args.server_warmup, 0, s.bench_args)
        for round_number in range(1, args.rounds + 1):
            print('bench: round {} of {}'.format(round_number, args.rounds), file=sys.stderr)
            for s in single_socket if 'w64' in experiments else []:
                record('w64', s.key, measure(s, udpkit, WINDOW, 1, args.duration, args.warmup))
            for s in scaling if 'w64x4' in experiments else []:
                record('w64x4', s.key, measure(s, udpkit, WINDOW, SCALING_SOCKETS, args.duration, args.warmup))
            for s in single_socket if 'w1' in experiments else []:
                record('w1', s.key, measure(s, udpkit, 1, 1, args.ping_duration, args.warmup))
            if args.blast and 'c' in by_key and 'gen' in experiments:
                record('gen', 'blast', run_blast(args.blast, by_key['c'].port, WINDOW, args.duration))
                record('gen', 'udpkit', run_udpkit_bench(udpkit, by_key['c'].port, WINDOW, 1, args.duration,
                                                          args.warmup))
    finally:
        stop_all()
    elapsed = time.monotonic() - started

    def med(experiment, key, field):
        return median([r.get(field) for r in results.get((experiment, key), [])])

    def timed_seconds(key):
        return sum(r['seconds'] + args.warmup for e in ('w64', 'w64x4', 'w1') for r in results.get((e, key), []))

    out = []
    # udpkit bench gives each request in flight a size of its own, from PAYLOAD up; blast sends PAYLOAD bytes.
    out.append('Loopback, requests of {} bytes and up; median of {} rounds, A B A B; {:.0f} s in all. {}'.format(
        PAYLOAD, args.rounds, elapsed, 'Ratios are to the C reference measured in the same run.' if 'c' in by_key
        else 'No C reference in this run (no ../shared/bench next to the repository), so no ratios.'))
    if 'w64' in experiments:
        out.append('')
        out.append('Throughput and cost: closed loop, window {}, one client socket, {:g} s timed per round'.format(
            WINDOW, args.duration))
        out.append('')
        rows = []
        c_rate, c_cpu = med('w64', 'c', 'replies_per_s'), med('w64', 'c', 'cpu_us_per_reply')
        for s in single_socket:
            rate, cpu = med('w64', s.key, 'replies_per_s'), med('w64', s.key, 'cpu_us_per_reply')
            gcs = sum(r['gcs'] for e in ('w64', 'w64x4', 'w1') for r in results.get((e, s.key), []))
            rss = max([r['rss_mib'] for e in ('w64', 'w64x4', 'w1') for r in results.get((e, s.key), [])] or [0])
            rows.append([s.label, fmt(rate), ratio(rate, c_rate), fmt(cpu, '{:.2f}'), ratio(cpu, c_cpu),
                         fmt(rss, '{:.1f}'), '{} in {:.0f} s'.format(gcs, timed_seconds(s.key)) if s.gc_log else '-'])
        out.append(table(['server', 'replies/s', 'vs C', 'server CPU us/reply', 'vs C', 'RSS MiB, timed part (max)',
                          'GCs under load'], rows))
        book = med('w64', 'batched', 'replies_per_s')
        if book and any(k in by_key for k in ('ids', 'idskey')):
            # The ID protocol's cost against the book's, on the same transport and the same load.
            out.append('')
            out.append('ID protocol vs the book\'s (linux-batched, window {}): {}'.format(WINDOW, ', '.join(
                '{} {}'.format(label, ratio(med('w64', k, 'replies_per_s'), book))
                for k, label in (('ids', 'without a key'), ('idskey', 'with HMAC tags')) if k in by_key)))
    if 'w64x4' in experiments:
        out.append('')
        out.append('Scaling over workers: window {} spread over {} client sockets (the kernel picks a worker by the '
                   'sender\'s port)'.format(WINDOW, SCALING_SOCKETS))
        out.append('')
        rows = []
        c_scaled = med('w64x4', 'c', 'replies_per_s')
        for s in scaling:
            rate = med('w64x4', s.key, 'replies_per_s')
            rows.append([s.label, fmt(rate), ratio(rate, c_scaled), fmt(med('w64x4', s.key, 'cpu_us_per_reply'), '{:.2f}')])
        out.append(table(['server', 'replies/s', 'vs C', 'server CPU us/reply'], rows))
    if 'w1' in experiments:
        out.append('')
        out.append('Ping-pong: window 1, one client socket, {:g} s timed per round (RTT p50 is bimodal on this machine, '
                   'about 4 or 19 us even for C: quoted, not targeted)'.format(args.ping_duration))
        out.append('')
        rows = []
        c_ping, c_p99 = med('w1', 'c', 'replies_per_s'), median([r['rtt_us']['p99'] for r in results.get(('w1', 'c'), [])])
        for s in single_socket:
            rate = med('w1', s.key, 'replies_per_s')
            p50 = median([r['rtt_us']['p50'] for r in results.get(('w1', s.key), [])])
            p99 = median([r['rtt_us']['p99'] for r in results.get(('w1', s.key), [])])
            rows.append([s.label, fmt(rate), ratio(rate, c_ping), fmt(p50, '{:.1f}'), fmt(p99, '{:.1f}'), ratio(p99, c_p99)])
        out.append(table(['server', 'replies/s', 'vs C', 'RTT p50 us', 'RTT p99 us', 'p99 vs C'], rows))
    if results.get(('gen', 'blast')):
        out.append('')
        out.append('Load generators against the C reference server: window {}, one socket'.format(WINDOW))
        out.append('')
        blast_rate = med('gen', 'blast', 'replies_per_s')
        ours = med('gen', 'udpkit', 'replies_per_s')
        out.append(table(['generator', 'replies/s', 'vs blast'],
                         [['C blast', fmt(blast_rate), '1.00x'], ['udpkit bench', fmt(ours), ratio(ours, blast_rate)]]))
    print('\n'.join(out))
    with open(os.path.join(args.work, 'raw.json'), 'w') as f:
        json.dump({'{}/{}'.format(*k): v for k, v in results.items()}, f)

    if args.jmh:
        print('')
        print('JMH microbenchmarks (ns per operation; handleAFullBatch is per datagram):')
        jar = os.path.join(args.repo, 'udpkit-bench', 'target', 'udpkit-benchmarks.jar')
        java = java_of(udpkit)
        # java -jar: the benchmarks and the library in them run on the class path, in the unnamed module.
        subprocess.run([java, '--enable-native-access=ALL-UNNAMED', '-jar', jar, '-f', '1', '-wi', '2', '-w', '1s',
                        '-i', '3', '-r', '1s', '-foe', 'true', '-rf', 'text', '-rff', os.path.join(args.work, 'jmh.txt')],
                       stdout=subprocess.DEVNULL, check=True, timeout=600)
        with open(os.path.join(args.work, 'jmh.txt')) as f:
            print(f.read().rstrip())


def java_of(udpkit):
    """The JDK 25 the launcher picks, found the same way (the launcher prints it with UDPKIT_PRINT_JAVA)."""
    out = subprocess.run([udpkit, '--version'], capture_output=True, text=True,
                         env=dict(os.environ, UDPKIT_JAVA_OPTS='-XshowSettings:properties'))
    home = re.search(r'java\.home = (.*)', out.stderr)
    return os.path.join(home.group(1).strip(), 'bin', 'java') if home else 'java'


if __name__ == '__main__':
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
