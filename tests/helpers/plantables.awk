# plan.yaml through build/yamlflat, as tables in directory dir (awk -v dir=):
# nodes (name), rules (node, rule count), ifaces (node role link mac address
# peer peer_address peer_mac), flows (name hops port size src dst dst_mac
# path,...).  Used by tests/ext/datapath.sh and the emulated DuT.
{
	key = substr($0, 1, index($0, "=") - 1)
	val = substr($0, index($0, "=") + 1)
	n = split(key, k, ".")
}
k[1] == "nodes" && n >= 3 {
	if (!(k[2] in seen)) { seen[k[2]] = 1; node[++nn] = k[2]; nrules[k[2]] = 0 }
	if (k[3] == "interfaces" && n == 5) {
		id = k[2] " " k[4]
		if (!(id in ifseen)) { ifseen[id] = 1; ifs[++ni] = id; ifnode[id] = k[2] }
		iv[id, k[5]] = val
	}
	if (k[3] == "rules" && n == 5 && k[5] == "port") nrules[k[2]]++
}
k[1] == "flows" && n >= 3 {
	i = k[2] + 1
	if (i > nf) nf = i
	if (n == 3) fv[i, k[3]] = val
	else if (k[3] == "path") fp[i] = (fpn[i]++ ? fp[i] "," : "") val
}
END {
	for (j = 1; j <= nn; j++) {
		print node[j] > (dir "/nodes")
		print node[j], nrules[node[j]] > (dir "/rules")
	}
	for (j = 1; j <= ni; j++) {
		id = ifs[j]
		link = ((id, "link") in iv) ? iv[id, "link"] : "-"
		print ifnode[id], iv[id, "role"], link, iv[id, "mac"], iv[id, "address"],
		    iv[id, "peer"], iv[id, "peer_address"], iv[id, "peer_mac"] > (dir "/ifaces")
	}
	for (i = 1; i <= nf; i++)
		print fv[i, "name"], fv[i, "hops"], fv[i, "port"], fv[i, "size"],
		    fv[i, "src_address"], fv[i, "dst_address"], fv[i, "dst_mac"], fp[i] > (dir "/flows")
}
