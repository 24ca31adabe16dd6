#ifndef GATEHOUSE_CLINUX_H
#define GATEHOUSE_CLINUX_H

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

// Constants that Swift's Glibc module imports with the wrong type or not at all.
static inline int clinux_sock_nonblock_cloexec(void) { return SOCK_NONBLOCK | SOCK_CLOEXEC; }
static inline int clinux_sock_stream(void) { return SOCK_STREAM; }
static inline uint32_t clinux_epollin(void) { return EPOLLIN; }
static inline uint32_t clinux_epollout(void) { return EPOLLOUT; }
static inline uint32_t clinux_epollerr(void) { return EPOLLERR; }
static inline uint32_t clinux_epollhup(void) { return EPOLLHUP; }
static inline uint32_t clinux_epollrdhup(void) { return EPOLLRDHUP; }
static inline uint32_t clinux_epollet(void) { return EPOLLET; }
static inline int clinux_efd_flags(void) { return EFD_NONBLOCK | EFD_CLOEXEC; }
static inline int clinux_msg_nosignal(void) { return MSG_NOSIGNAL; }

// `accept4` through a plain pointer, avoiding the __SOCKADDR_ARG transparent union.
// Defined in CLinux.c, which is compiled with _GNU_SOURCE; defining it here would change glibc's types for
// every module that imports this one.
int clinux_accept4(int fd, struct sockaddr_storage *address, socklen_t *length);

static inline int clinux_bind(int fd, const struct sockaddr_storage *address, socklen_t length) {
    return bind(fd, (const struct sockaddr *)address, length);
}

static inline int clinux_connect(int fd, const struct sockaddr_storage *address, socklen_t length) {
    return connect(fd, (const struct sockaddr *)address, length);
}

static inline int clinux_getsockname(int fd, struct sockaddr_storage *address, socklen_t *length) {
    return getsockname(fd, (struct sockaddr *)address, length);
}

static inline int clinux_getpeername(int fd, struct sockaddr_storage *address, socklen_t *length) {
    return getpeername(fd, (struct sockaddr *)address, length);
}

#endif
