#!/bin/sh
# The rehearsal run for real (hvnet.yaml(5), Worlds): every sample and every
# HVNet dataset topology compiled with --world mininet, its generated
# host/netns-up.sh run twice, each node's network.sh in its namespace, every
# flow sent from the LoadGen's ingress namespace and received at the egress
# one over its planned path with TTL 64 - (hops + 1); then netns-down.sh must
# leave nothing behind.  tests/ext/datapath.sh does the sending and checking.
set -eu
DATAPATH_WORLD=mininet exec sh "$(dirname "$0")/datapath.sh" "$1"
