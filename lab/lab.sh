#!/usr/bin/env bash
# The udpkit network lab by hand (docs/lab.md): network namespaces, veth links and a bridge.
#
#   lab/lab.sh up [--mtu 1280|1400] [--loss P] [--black-hole]   build it (root; iproute2, nftables)
#   lab/lab.sh exec HOST COMMAND...                              run a command on a host (a, b, c, r, far)
#   lab/lab.sh udpkit HOST ARGS...                               run ./udpkit on a host
#   lab/lab.sh loss P | black-hole on|off                        change the router's rules
#   lab/lab.sh rules                                             the router's rules and their counters
#   lab/lab.sh multicast on|off                                  the router forwards multicast of TTL 2 or more to far
#   lab/lab.sh down                                              remove it
#
#   a, b, c  198.18.1.2-4/24  2001:db8:1::2-4/64   on the bridge "lan" (broadcast 198.18.1.255), MTU 1500
#   r        198.18.1.1/24    2001:db8:1::1/64     the router; 198.18.2.1/24 2001:db8:2::1/64 towards far
#   far      198.18.2.2/24    2001:db8:2::2/64     behind a link of MTU 1280 (--mtu)
#
# Namespaces are named PREFIX-HOST; PREFIX is "udpklab" unless UDPKIT_LAB_PREFIX says otherwise.
set -euo pipefail

prefix="${UDPKIT_LAB_PREFIX:-udpklab}"
ns() { echo "$prefix-$1"; }
in_ns() { local host="$1"; shift; ip netns exec "$(ns "$host")" "$@"; }

host() {  # host NAME: a namespace with its loopback up
    ip netns add "$(ns "$1")"
    ip -n "$(ns "$1")" link set lo up
}

# link LEFT LEFT_IF RIGHT RIGHT_IF MTU: a veth pair between two namespaces
link() {
    ip link add "$2" netns "$(ns "$1")" mtu "$5" type veth peer name "$4" netns "$(ns "$3")" mtu "$5"
    ip -n "$(ns "$1")" link set "$2" up
    ip -n "$(ns "$3")" link set "$4" up
}

addresses() {  # addresses HOST IF V4/LEN V6/LEN
    ip -n "$(ns "$1")" addr add "$3" broadcast + dev "$2"
    ip -n "$(ns "$1")" addr add "$4" dev "$2" nodad
}

router_rules() {  # router_rules LOSS_PERCENT BLACK_HOLE(on|off)
    local rules="table inet udpkit_lab {
  chain forward { type filter hook forward priority 0;"
    if [ "$1" -gt 0 ]; then
        rules+=" meta l4proto udp numgen random mod 100 < $1 counter drop;"
    fi
    if [ "$2" = on ]; then
        rules+=" icmp type destination-unreachable icmp code frag-needed counter drop; icmpv6 type packet-too-big counter drop;"
    fi
    rules+=" }
  chain output { type filter hook output priority 0;"
    if [ "$2" = on ]; then
        rules+=" icmp type destination-unreachable icmp code frag-needed counter drop; icmpv6 type packet-too-big counter drop;"
    fi
    rules+=" }
}"
    in_ns r nft delete table inet udpkit_lab 2>/dev/null || true
    echo "$rules" | in_ns r nft -f -
}

# The router as a multicast router with TTL threshold 1 (NetworkLab.forwardMulticast does the same): UDP to
# 239.0.0.0/8 and ff04::/16, ff05::/16, ff08::/16, ff0e::/16 heard on the LAN goes on to far, its TTL one less,
# when its TTL is 2 or more. nftables, because many kernels (this one) lack CONFIG_IP_MROUTE for smcroute.
multicast() {
    in_ns r nft delete table netdev udpkit_lab_multicast 2>/dev/null || true
    [ "$1" = on ] || return 0
    local v4="ip daddr 239.0.0.0/8" v6="ip6 daddr { ff04::/16, ff05::/16, ff08::/16, ff0e::/16 }"
    local rules="table netdev udpkit_lab_multicast {
  counter kept_ipv4 {}
  counter kept_ipv6 {}
  counter forwarded_ipv4 {}
  counter forwarded_ipv6 {}
  chain lan { type filter hook ingress device \"lan\" priority 0;
    $v4 meta l4proto udp ip ttl 1 counter name kept_ipv4
    $v6 meta l4proto udp ip6 hoplimit 1 counter name kept_ipv6
    $v4 meta l4proto udp ip ttl > 1 counter name forwarded_ipv4 goto forward
    $v6 meta l4proto udp ip6 hoplimit > 1 counter name forwarded_ipv6 goto forward
  }
  chain forward {"
    local ttl
    for ttl in $(seq 2 255); do
        rules+="
    meta protocol ip ip ttl $ttl ip ttl set $((ttl - 1)) dup to \"to-far\"
    meta protocol ip6 ip6 hoplimit $ttl ip6 hoplimit set $((ttl - 1)) dup to \"to-far\""
    done
    rules+="
  }
}"
    in_ns r ip link set lan type bridge mcast_snooping 0
    echo "$rules" | in_ns r nft -f -
}

up() {
    local mtu=1280 loss=0 black_hole=off
    while [ $# -gt 0 ]; do
        case "$1" in
            --mtu) mtu="$2"; shift 2 ;;
            --loss) loss="$2"; shift 2 ;;
            --black-hole) black_hole=on; shift ;;
            *) echo "lab.sh up: unknown option $1" >&2; exit 2 ;;
        esac
    done
    for h in r a b c far; do host "$h"; done
    ip -n "$(ns r)" link add lan type bridge
    ip -n "$(ns r)" link set lan up
    addresses r lan 198.18.1.1/24 2001:db8:1::1/64
    local n=2
    for h in a b c; do
        link "$h" eth0 r "lan-$h" 1500
        ip -n "$(ns r)" link set "lan-$h" master lan
        addresses "$h" eth0 "198.18.1.$n/24" "2001:db8:1::$n/64"
        ip -n "$(ns "$h")" route add default via 198.18.1.1
        ip -n "$(ns "$h")" -6 route add default via 2001:db8:1::1
        n=$((n + 1))
    done
    link r to-far far eth0 "$mtu"
    addresses r to-far 198.18.2.1/24 2001:db8:2::1/64
    addresses far eth0 198.18.2.2/24 2001:db8:2::2/64
    ip -n "$(ns far)" route add default via 198.18.2.1
    ip -n "$(ns far)" -6 route add default via 2001:db8:2::1
    in_ns r sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
        net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
    router_rules "$loss" "$black_hole"
    echo "lab up: a b c on 198.18.1.0/24 (lan), r routes to far 198.18.2.2 over MTU $mtu (loss $loss%, black hole $black_hole)"
}

down() {
    for h in far c b a r; do ip netns del "$(ns "$h")" 2>/dev/null || true; done
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
    up) up "$@" ;;
    down) down ;;
    exec) in_ns "$@" ;;
    rules) in_ns r nft list table inet udpkit_lab
           in_ns r nft list counters table netdev udpkit_lab_multicast 2>/dev/null || true ;;
    multicast) multicast "$1" ;;
    udpkit) h="$1"; shift; in_ns "$h" "$(cd "$(dirname "$0")/.." && pwd)/udpkit" "$@" ;;
    loss) router_rules "$1" "$(in_ns r nft list table inet udpkit_lab | grep -q packet-too-big && echo on || echo off)" ;;
    black-hole) router_rules "$(in_ns r nft list table inet udpkit_lab | sed -n 's/.*mod 100 < \([0-9]*\).*/\1/p' | head -1 | grep . || echo 0)" "$1" ;;
    *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
