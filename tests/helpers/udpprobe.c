/*
 * udpprobe: the LoadGen of tests/ext/datapath.sh, between network
 * namespaces the test made (/run/netns/NAME).
 *
 *   udpprobe send OUTNS INNS SRC DST PORT SIZE COUNT
 *	binds a receiver to PORT in OUTNS, then sends COUNT UDP packets of
 *	SIZE IP bytes from SRC to DST:PORT with TTL 64 in INNS, and prints
 *	`received=N ttl=T ifindex=I` (T, I: -1 when the packets disagree).
 *   udpprobe fwd NS...
 *	prints each namespace's IPv4 ForwDatagrams counter, one a line.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TIMEOUTMS 1000

static void
die(const char *what, const char *arg)
{
	fprintf(stderr, "udpprobe: %s %s: %s\n", what, arg, strerror(errno));
	exit(1);
}

static void
enterns(const char *name)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		die("open", path);
	if (setns(fd, CLONE_NEWNET) < 0)
		die("setns", path);
	close(fd);
}

static struct sockaddr_in
sockaddr(const char *ip, int port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	if (ip && inet_pton(AF_INET, ip, &a.sin_addr) != 1) {
		errno = EINVAL;
		die("address", ip);
	}
	return a;
}

static int
receiver(int port)
{
	struct sockaddr_in a = sockaddr(NULL, port);
	int s, on = 1;

	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		die("socket", "receiver");
	if (setsockopt(s, IPPROTO_IP, IP_RECVTTL, &on, sizeof(on)) < 0 ||
	    setsockopt(s, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) < 0)
		die("setsockopt", "receiver");
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0)
		die("bind", "receiver");
	return s;
}

static void
sendall(const char *src, const char *dst, int port, int size, int count)
{
	struct sockaddr_in from = sockaddr(src, 0), to = sockaddr(dst, port);
	char payload[1500] = { 0 };
	int s, ttl = 64, i;

	if (size < 28 + 4 || size > 1500) {
		errno = EINVAL;
		die("size", "must be 32-1500");
	}
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		die("socket", "sender");
	if (setsockopt(s, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) < 0)
		die("setsockopt", "IP_TTL");
	if (bind(s, (struct sockaddr *)&from, sizeof(from)) < 0)
		die("bind", src);
	for (i = 0; i < count; i++) {
		memcpy(payload, &i, sizeof(i));
		if (sendto(s, payload, (size_t)size - 28, 0, (struct sockaddr *)&to,
		    sizeof(to)) < 0)
			die("sendto", dst);
	}
	close(s);
}

/* One datagram: its TTL and arrival interface, from the control messages. */
static int
recvone(int s, int *ttl, int *ifindex)
{
	char data[1500], ctl[256];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m = { 0 };
	struct cmsghdr *c;

	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = ctl;
	m.msg_controllen = sizeof(ctl);
	if (recvmsg(s, &m, MSG_DONTWAIT) < 0)
		return -1;
	*ttl = *ifindex = -1;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level != IPPROTO_IP)
			continue;
		if (c->cmsg_type == IP_TTL)
			memcpy(ttl, CMSG_DATA(c), sizeof(*ttl));
		else if (c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			*ifindex = pi.ipi_ifindex;
		}
	}
	return 0;
}

static int
cmdsend(char **argv)
{
	int port = atoi(argv[4]), size = atoi(argv[5]), count = atoi(argv[6]);
	int s, n = 0, ttl = 0, ifindex = 0, t, i;
	struct pollfd p;

	enterns(argv[0]);
	s = receiver(port);
	enterns(argv[1]);
	sendall(argv[2], argv[3], port, size, count);
	p.fd = s;
	p.events = POLLIN;
	while (n < count && poll(&p, 1, TIMEOUTMS) > 0) {
		while (n < count && recvone(s, &t, &i) == 0) {
			ttl = n && ttl != t ? -1 : t;
			ifindex = n && ifindex != i ? -1 : i;
			n++;
		}
	}
	printf("received=%d ttl=%d ifindex=%d\n", n, n ? ttl : -1, n ? ifindex : -1);
	return 0;
}

/* ForwDatagrams of the current namespace, from the Ip: lines of /proc/net/snmp. */
static long
forwarded(const char *ns)
{
	char names[1024], values[1024], *k, *v, *sk, *sv;
	FILE *f = fopen("/proc/self/net/snmp", "r");

	if (!f)
		die("open /proc/self/net/snmp in", ns);
	while (fgets(names, sizeof(names), f) && fgets(values, sizeof(values), f)) {
		if (strncmp(names, "Ip:", 3))
			continue;
		k = strtok_r(names, " \n", &sk);
		v = strtok_r(values, " \n", &sv);
		while (k && v) {
			if (!strcmp(k, "ForwDatagrams")) {
				fclose(f);
				return atol(v);
			}
			k = strtok_r(NULL, " \n", &sk);
			v = strtok_r(NULL, " \n", &sv);
		}
	}
	fclose(f);
	errno = ENOENT;
	die("no ForwDatagrams in", ns);
	return -1;
}

int
main(int argc, char **argv)
{
	int i;

	if (argc == 9 && !strcmp(argv[1], "send"))
		return cmdsend(argv + 2);
	if (argc >= 3 && !strcmp(argv[1], "fwd")) {
		for (i = 2; i < argc; i++) {
			enterns(argv[i]);
			printf("%ld\n", forwarded(argv[i]));
		}
		return 0;
	}
	fputs("usage: udpprobe send OUTNS INNS SRC DST PORT SIZE COUNT\n"
	    "       udpprobe fwd NS...\n", stderr);
	return 2;
}
