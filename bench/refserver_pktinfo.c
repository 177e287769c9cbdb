// The C reference server (../shared/bench/refserver.c) bound to 0.0.0.0 and answering from each request's
// destination by IP_PKTINFO, as udpkit's wildcard servers do: the yardstick for their cost (docs/benchmarks.md).
// Reference UDP "length" server: the fastest simple C implementation we can field on this machine.
// Replies to each datagram with "Your data was N bytes long", batching with recvmmsg/sendmmsg.
// Usage: refserver PORT [batch]
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#define MAXB 256
int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 1060, batch = argc > 2 ? atoi(argv[2]) : 64;
  if (batch > MAXB) batch = MAXB;
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_ANY)};
  int one = 1; setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one); setsockopt(s, IPPROTO_IP, IP_PKTINFO, &one, sizeof one);
  if (bind(s, (void *)&a, sizeof a)) { perror("bind"); return 1; }
  static char in[MAXB][65536], out[MAXB][64];
  static struct mmsghdr rm[MAXB], sm[MAXB];
  static struct iovec riov[MAXB], siov[MAXB];
  static struct sockaddr_in peers[MAXB];
  static char rc[MAXB][128] __attribute__((aligned(8))), sc[MAXB][CMSG_SPACE(sizeof(struct in_pktinfo))] __attribute__((aligned(8)));
  for (int i = 0; i < batch; i++) {
    riov[i].iov_base = in[i]; riov[i].iov_len = sizeof in[i];
    rm[i].msg_hdr.msg_iov = &riov[i]; rm[i].msg_hdr.msg_iovlen = 1;
    rm[i].msg_hdr.msg_name = &peers[i]; rm[i].msg_hdr.msg_namelen = sizeof peers[i];
  }
  fprintf(stderr, "refserver (IP_PKTINFO) listening on 0.0.0.0:%d batch %d\n", port, batch);
  for (;;) {
    for (int i = 0; i < batch; i++) { rm[i].msg_hdr.msg_namelen = sizeof peers[i]; rm[i].msg_hdr.msg_control = rc[i]; rm[i].msg_hdr.msg_controllen = sizeof rc[i]; }
    int n = recvmmsg(s, rm, batch, MSG_WAITFORONE, NULL);
    if (n <= 0) continue;
    for (int i = 0; i < n; i++) {
      int len = snprintf(out[i], sizeof out[i], "Your data was %u bytes long", rm[i].msg_len);
      siov[i].iov_base = out[i]; siov[i].iov_len = len;
      sm[i].msg_hdr = (struct msghdr){.msg_name = &peers[i], .msg_namelen = rm[i].msg_hdr.msg_namelen, .msg_iov = &siov[i], .msg_iovlen = 1};
      for (struct cmsghdr *c = CMSG_FIRSTHDR(&rm[i].msg_hdr); c; c = CMSG_NXTHDR(&rm[i].msg_hdr, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
          struct in_pktinfo *got = (void *)CMSG_DATA(c);
          struct cmsghdr *r = (void *)sc[i];
          r->cmsg_level = IPPROTO_IP; r->cmsg_type = IP_PKTINFO; r->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
          struct in_pktinfo *put = (void *)CMSG_DATA(r);
          memset(put, 0, sizeof *put); put->ipi_spec_dst = got->ipi_spec_dst;
          sm[i].msg_hdr.msg_control = sc[i]; sm[i].msg_hdr.msg_controllen = CMSG_SPACE(sizeof(struct in_pktinfo));
        }
      }
    }
    int done = 0;
    while (done < n) { int k = sendmmsg(s, sm + done, n - done, 0); if (k <= 0) break; done += k; }
  }
}
