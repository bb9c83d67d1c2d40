#!/bin/sh
# The rehearsal run for real (hvnet.yaml(5), Worlds): every sample and every
# HVNet dataset topology compiled with --world mininet, then twice over,
# once with the generated host/netns-up.sh (run twice; netns-down.sh must
# leave nothing behind) and once with the generated mininet/topo.py on
# Debian's Mininet: each node's network.sh in its namespace, and every flow
# sent from the LoadGen's ingress namespace must arrive at the egress one
# over its planned path with TTL 64 - (hops + 1).  tests/ext/datapath.sh
# does the sending and checking.
set -eu
dp=$(dirname "$0")/datapath.sh
status=0
DATAPATH_WORLD=mininet sh "$dp" "$1" || status=1
DATAPATH_WORLD=mininet.py sh "$dp" "$1" || status=1
exit "$status"
