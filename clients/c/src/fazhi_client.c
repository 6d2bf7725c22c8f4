/*
 * fazhi_client.c — the fazhi wire protocol over TCP, with protobuf-c.
 *
 * Framing: 4-byte big-endian length L, then L bytes of a serialized fazhi.v1.Frame.
 * The socket is non-blocking; every wait goes through poll() against the call's deadline,
 * so a stalled server can never block a caller past its timeout. A frame being received
 * when a deadline passes stays buffered in the client and is completed by the next call,
 * so a timeout never desynchronises the stream.
 */
#define _POSIX_C_SOURCE 200809L

#include "fazhi_client.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "fazhi/v1/frame.pb-c.h"
#include "fazhi/v1/health.pb-c.h"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* platforms without it use SO_NOSIGPIPE, set at connect */
#endif

/* How long a best-effort CANCEL after a timeout may take. */
#define CANCEL_BUDGET_MS 200

/* Buffer sizes for numeric host/port text (HOST_TEXT_MAX/SERV_TEXT_MAX are not POSIX). */
#define HOST_TEXT_MAX 1025
#define SERV_TEXT_MAX 32

/* No deadline. */
#define NO_DEADLINE INT64_MIN

struct fazhi_client {
    int fd;                      /* -1 when not connected */
    size_t max_frame_size;
    uint64_t next_call_id;

    int goaway;                  /* the server sent GOAWAY on this connection */
    int goaway_code;
    char goaway_message[256];

    /* Receive state of the frame being read; survives a timeout. */
    uint8_t rx_header[4];
    size_t rx_header_have;
    uint8_t *rx_body;            /* non-NULL once the header is complete */
    size_t rx_body_len;
    size_t rx_body_have;

    char peer[300];              /* "host:port" for messages */
    char last_error[512];
};

/* ---- small helpers ------------------------------------------------------------------- */

static int set_error(fazhi_client *c, int code, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int set_error(fazhi_client *c, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(c->last_error, sizeof c->last_error, fmt, ap);
    va_end(ap);
    if (n < 0)
        c->last_error[0] = '\0';
    return code;
}

/* strerror, thread-safe (XSI strerror_r). */
static const char *errno_text(int err, char *buf, size_t size)
{
    if (strerror_r(err, buf, size) != 0)
        (void)snprintf(buf, size, "error %d", err);
    return buf;
}

static void copy_string(char *dst, size_t size, const char *src)
{
    if (dst == NULL || size == 0)
        return;
    if (src == NULL)
        src = "";
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int64_t now_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0; /* cannot happen with CLOCK_MONOTONIC */
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t deadline_after(uint32_t timeout_ms)
{
    return timeout_ms == 0 ? NO_DEADLINE : now_ms() + (int64_t)timeout_ms;
}

/* poll() timeout for a deadline: -1 (forever), or the milliseconds left (>= 0). */
static int poll_timeout(int64_t deadline)
{
    if (deadline == NO_DEADLINE)
        return -1;
    int64_t left = deadline - now_ms();
    if (left < 0)
        return 0;
    return left > INT_MAX ? INT_MAX : (int)left;
}

/* Waits until fd is ready for `events`. 0 when ready (or in error/hang-up: the next
 * read or write reports it), FAZHI_E_TIMEOUT, or FAZHI_E_IO with last_error set. */
static int wait_fd(fazhi_client *c, int fd, short events, int64_t deadline, const char *what)
{
    for (;;) {
        struct pollfd p = { .fd = fd, .events = events, .revents = 0 };
        int timeout = poll_timeout(deadline);
        int r = poll(&p, 1, timeout);
        if (r > 0)
            return 0;
        if (r == 0) {
            if (timeout == 0 || (deadline != NO_DEADLINE && now_ms() >= deadline))
                return FAZHI_E_TIMEOUT;
            continue; /* woke early; wait for the rest */
        }
        if (errno == EINTR)
            continue;
        char eb[128];
        return set_error(c, FAZHI_E_IO, "poll while %s %s: %s", what, c->peer,
                         errno_text(errno, eb, sizeof eb));
    }
}

static void reset_rx(fazhi_client *c)
{
    free(c->rx_body);
    c->rx_body = NULL;
    c->rx_body_len = 0;
    c->rx_body_have = 0;
    c->rx_header_have = 0;
}

static void drop_connection(fazhi_client *c)
{
    if (c->fd >= 0) {
        /* close() may fail with EINTR; the descriptor is released either way on Linux,
         * and retrying could close an unrelated descriptor, so it is not retried. */
        (void)close(c->fd);
        c->fd = -1;
    }
    reset_rx(c);
    /* The GOAWAY fields are kept for the error message; connect resets them. */
}

/* ---- names --------------------------------------------------------------------------- */

const char *fazhi_strerror(int error)
{
    switch (error) {
    case 0: return "success";
    case FAZHI_E_INVALID_ARGUMENT: return "invalid argument";
    case FAZHI_E_NOMEM: return "out of memory";
    case FAZHI_E_RESOLVE: return "cannot resolve host";
    case FAZHI_E_CONNECT: return "cannot connect";
    case FAZHI_E_TIMEOUT: return "timed out";
    case FAZHI_E_IO: return "input/output error";
    case FAZHI_E_CLOSED: return "connection closed by server";
    case FAZHI_E_FRAME_TOO_LARGE: return "frame too large";
    case FAZHI_E_PROTOCOL: return "protocol error";
    case FAZHI_E_GOAWAY: return "server sent GOAWAY";
    case FAZHI_E_NOT_CONNECTED: return "not connected";
    default: return error > 0 ? "fazhi status (see fazhi_status_name)" : "unknown error";
    }
}

const char *fazhi_status_name(int status_code)
{
    static const char *const names[] = {
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED",
    };
    if (status_code < 0 || (size_t)status_code >= sizeof names / sizeof names[0])
        return "UNKNOWN_STATUS";
    return names[status_code];
}

const char *fazhi_serving_status_name(int serving_status)
{
    switch (serving_status) {
    case FAZHI_SERVING: return "SERVING";
    case FAZHI_NOT_SERVING: return "NOT_SERVING";
    case FAZHI_DRAINING: return "DRAINING";
    default: return "UNSPECIFIED";
    }
}

void fazhi_free(void *ptr)
{
    free(ptr);
}

const char *fazhi_client_last_error(const fazhi_client *client)
{
    return client == NULL ? "no client" : client->last_error;
}

/* ---- lifetime ------------------------------------------------------------------------ */

fazhi_client *fazhi_client_new(void)
{
    fazhi_client *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->fd = -1;
    c->max_frame_size = FAZHI_DEFAULT_MAX_FRAME_SIZE;
    c->next_call_id = 1;
    return c;
}

void fazhi_client_free(fazhi_client *client)
{
    if (client == NULL)
        return;
    drop_connection(client);
    free(client);
}

int fazhi_client_set_max_frame_size(fazhi_client *client, size_t max_bytes)
{
    if (client == NULL)
        return FAZHI_E_INVALID_ARGUMENT;
    if (max_bytes == 0 || (uint64_t)max_bytes > UINT32_MAX)
        return set_error(client, FAZHI_E_INVALID_ARGUMENT,
                         "max frame size must be between 1 and %u bytes", (unsigned)UINT32_MAX);
    client->max_frame_size = max_bytes;
    return 0;
}

int fazhi_client_is_connected(const fazhi_client *client)
{
    return client != NULL && client->fd >= 0 && !client->goaway;
}

void fazhi_client_disconnect(fazhi_client *client)
{
    if (client != NULL)
        drop_connection(client);
}

/* ---- connect ------------------------------------------------------------------------- */

static int set_nonblocking_cloexec(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return -1;
    int fdflags = fcntl(fd, F_GETFD);
    if (fdflags < 0 || fcntl(fd, F_SETFD, fdflags | FD_CLOEXEC) < 0)
        return -1;
    return 0;
}

/* One address: 0 and *out_fd on success, else a negative error with last_error set. */
static int connect_one(fazhi_client *c, const struct addrinfo *ai, int64_t deadline,
                       int *out_fd)
{
    char host[HOST_TEXT_MAX], serv[SERV_TEXT_MAX], eb[128];
    if (getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        copy_string(host, sizeof host, "?");
        copy_string(serv, sizeof serv, "?");
    }

    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0)
        return set_error(c, FAZHI_E_CONNECT, "socket for %s: %s", c->peer,
                         errno_text(errno, eb, sizeof eb));
    if (set_nonblocking_cloexec(fd) != 0) {
        int e = errno;
        (void)close(fd);
        return set_error(c, FAZHI_E_IO, "fcntl for %s: %s", c->peer, errno_text(e, eb, sizeof eb));
    }
#ifdef SO_NOSIGPIPE
    {
        int one = 1;
        if (setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one) != 0) {
            int e = errno;
            (void)close(fd);
            return set_error(c, FAZHI_E_IO, "setsockopt SO_NOSIGPIPE: %s",
                             errno_text(e, eb, sizeof eb));
        }
    }
#endif

    int r = connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (r != 0 && errno != EINPROGRESS && errno != EINTR) {
        int e = errno;
        (void)close(fd);
        return set_error(c, FAZHI_E_CONNECT, "connect %s (%s port %s): %s", c->peer, host, serv,
                         errno_text(e, eb, sizeof eb));
    }
    if (r != 0) {
        int w = wait_fd(c, fd, POLLOUT, deadline, "connecting to");
        if (w != 0) {
            (void)close(fd);
            if (w == FAZHI_E_TIMEOUT)
                return set_error(c, FAZHI_E_TIMEOUT, "connect %s (%s port %s): timed out",
                                 c->peer, host, serv);
            return w;
        }
        int soerr = 0;
        socklen_t len = sizeof soerr;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0)
            soerr = errno;
        if (soerr != 0) {
            (void)close(fd);
            return set_error(c, FAZHI_E_CONNECT, "connect %s (%s port %s): %s", c->peer, host,
                             serv, errno_text(soerr, eb, sizeof eb));
        }
    }

    int one = 1;
    if (ai->ai_family == AF_INET || ai->ai_family == AF_INET6) {
        /* Small request frames should not wait for Nagle; failure here is harmless. */
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    *out_fd = fd;
    return 0;
}

int fazhi_client_connect(fazhi_client *client, const char *host, const char *port,
                         uint32_t timeout_ms)
{
    if (client == NULL)
        return FAZHI_E_INVALID_ARGUMENT;
    if (host == NULL || port == NULL || *host == '\0' || *port == '\0')
        return set_error(client, FAZHI_E_INVALID_ARGUMENT, "connect: empty host or port");
    drop_connection(client);
    client->goaway = 0;
    client->goaway_code = 0;
    client->goaway_message[0] = '\0';
    client->last_error[0] = '\0';

    if (strchr(host, ':') != NULL)
        (void)snprintf(client->peer, sizeof client->peer, "[%s]:%s", host, port);
    else
        (void)snprintf(client->peer, sizeof client->peer, "%s:%s", host, port);

    int64_t deadline = deadline_after(timeout_ms);
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    struct addrinfo *list = NULL;
    /* getaddrinfo has no timeout of its own; a numeric address never blocks. */
    int g = getaddrinfo(host, port, &hints, &list);
    if (g != 0) {
        char eb[128];
        const char *why = g == EAI_SYSTEM ? errno_text(errno, eb, sizeof eb) : gai_strerror(g);
        return set_error(client, g == EAI_MEMORY ? FAZHI_E_NOMEM : FAZHI_E_RESOLVE,
                         "resolve %s: %s", client->peer, why);
    }

    int result = set_error(client, FAZHI_E_CONNECT, "connect %s: no addresses", client->peer);
    for (const struct addrinfo *ai = list; ai != NULL; ai = ai->ai_next) {
        int fd = -1;
        result = connect_one(client, ai, deadline, &fd);
        if (result == 0) {
            client->fd = fd;
            client->last_error[0] = '\0';
            break;
        }
        if (result == FAZHI_E_TIMEOUT)
            break; /* the whole budget is spent */
    }
    freeaddrinfo(list);
    return result;
}

int fazhi_client_connect_address(fazhi_client *client, const char *address,
                                 uint32_t timeout_ms)
{
    if (client == NULL)
        return FAZHI_E_INVALID_ARGUMENT;
    if (address == NULL)
        return set_error(client, FAZHI_E_INVALID_ARGUMENT, "connect: no address");

    char host[HOST_TEXT_MAX], port[SERV_TEXT_MAX];
    const char *host_start, *host_end, *port_start;
    if (address[0] == '[') {
        host_start = address + 1;
        host_end = strchr(host_start, ']');
        if (host_end == NULL || host_end[1] != ':')
            goto bad;
        port_start = host_end + 2;
    } else {
        host_end = strrchr(address, ':');
        if (host_end == NULL || memchr(address, ':', (size_t)(host_end - address)) != NULL)
            goto bad; /* no port, or an unbracketed IPv6 address */
        host_start = address;
        port_start = host_end + 1;
    }
    size_t host_len = (size_t)(host_end - host_start);
    size_t port_len = strlen(port_start);
    if (host_len == 0 || host_len >= sizeof host || port_len == 0 || port_len >= sizeof port)
        goto bad;
    memcpy(host, host_start, host_len);
    host[host_len] = '\0';
    memcpy(port, port_start, port_len + 1);
    return fazhi_client_connect(client, host, port, timeout_ms);

bad:
    return set_error(client, FAZHI_E_INVALID_ARGUMENT,
                     "bad address \"%s\": expected HOST:PORT or [IPV6]:PORT", address);
}

/* ---- frames -------------------------------------------------------------------------- */

static int read_frame(fazhi_client *c, int64_t deadline, Fazhi__V1__Frame **out);

static void record_goaway(fazhi_client *c, const Fazhi__V1__Frame *f)
{
    c->goaway = 1;
    c->goaway_code = f->status != NULL ? (int)f->status->code : FAZHI_STATUS_OK;
    copy_string(c->goaway_message, sizeof c->goaway_message,
                f->status != NULL && f->status->message[0] != '\0' ? f->status->message
                                                                    : "(no message)");
}

/* The server reset the connection while we were sending. It may have said why first (a
 * GOAWAY, e.g. RESOURCE_EXHAUSTED for a frame above its maximum): read what already arrived,
 * without waiting, and keep a GOAWAY's status for the error message. */
static void salvage_goaway(fazhi_client *c)
{
    for (int i = 0; i < 64 && c->fd >= 0; i++) {
        Fazhi__V1__Frame *f = NULL;
        if (read_frame(c, now_ms(), &f) != 0)
            return;
        if (f->kind == FAZHI__V1__FRAME_KIND__GOAWAY)
            record_goaway(c, f);
        fazhi__v1__frame__free_unpacked(f, NULL);
    }
}

/* Writes all of buf. On failure the connection is dropped (a partial frame on the wire
 * cannot be taken back) and a negative error returned. */
static int write_all(fazhi_client *c, const uint8_t *buf, size_t len, int64_t deadline)
{
    size_t done = 0;
    char eb[128];
    while (done < len) {
        ssize_t n = send(c->fd, buf + done, len - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            int w = wait_fd(c, c->fd, POLLOUT, deadline, "sending to");
            if (w == FAZHI_E_TIMEOUT) {
                drop_connection(c);
                return set_error(c, FAZHI_E_TIMEOUT,
                                 "send to %s: timed out (%zu of %zu bytes sent)", c->peer,
                                 done, len);
            }
            if (w != 0) {
                drop_connection(c);
                return w;
            }
            continue;
        }
        int e = n < 0 ? errno : EPIPE;
        int code = (e == EPIPE || e == ECONNRESET) ? FAZHI_E_CLOSED : FAZHI_E_IO;
        if (code == FAZHI_E_CLOSED)
            salvage_goaway(c);
        drop_connection(c);
        if (code == FAZHI_E_CLOSED && c->goaway)
            return set_error(c, FAZHI_E_GOAWAY,
                             "%s sent GOAWAY (%s: %s) and closed the connection (send: %s)",
                             c->peer, fazhi_status_name(c->goaway_code), c->goaway_message,
                             errno_text(e, eb, sizeof eb));
        return set_error(c, code, "send to %s: %s", c->peer, errno_text(e, eb, sizeof eb));
    }
    return 0;
}

/* Serializes and sends one frame. A frame above the maximum is refused before anything
 * is sent (the connection stays usable). */
static int send_frame(fazhi_client *c, const Fazhi__V1__Frame *frame, int64_t deadline)
{
    size_t size = fazhi__v1__frame__get_packed_size(frame);
    if (size > c->max_frame_size || (uint64_t)size > UINT32_MAX)
        return set_error(c, FAZHI_E_FRAME_TOO_LARGE,
                         "request frame of %zu bytes is above the maximum of %zu bytes", size,
                         c->max_frame_size);
    uint8_t *buf = malloc(size + 4);
    if (buf == NULL)
        return set_error(c, FAZHI_E_NOMEM, "out of memory for a %zu-byte frame", size + 4);
    buf[0] = (uint8_t)(size >> 24);
    buf[1] = (uint8_t)(size >> 16);
    buf[2] = (uint8_t)(size >> 8);
    buf[3] = (uint8_t)size;
    size_t packed = size == 0 ? 0 : fazhi__v1__frame__pack(frame, buf + 4);
    int r;
    if (packed != size)
        r = set_error(c, FAZHI_E_PROTOCOL, "protobuf-c packed %zu bytes, expected %zu", packed,
                      size);
    else
        r = write_all(c, buf, size + 4, deadline);
    free(buf);
    return r;
}

/* Reads one complete frame into *out (free with fazhi__v1__frame__free_unpacked).
 * A timeout keeps the partial frame buffered for the next read; every other failure drops
 * the connection. A clean close between frames is FAZHI_E_CLOSED. */
static int read_frame(fazhi_client *c, int64_t deadline, Fazhi__V1__Frame **out)
{
    char eb[128];
    *out = NULL;
    for (;;) {
        uint8_t *dst;
        size_t want;
        if (c->rx_body == NULL) {
            dst = c->rx_header + c->rx_header_have;
            want = sizeof c->rx_header - c->rx_header_have;
        } else {
            dst = c->rx_body + c->rx_body_have;
            want = c->rx_body_len - c->rx_body_have;
        }

        if (want > 0) {
            ssize_t n = recv(c->fd, dst, want, 0);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                if (errno == EAGAIN || errno == EWOULDBLOCK) {
                    int w = wait_fd(c, c->fd, POLLIN, deadline, "receiving from");
                    if (w == FAZHI_E_TIMEOUT)
                        return set_error(c, FAZHI_E_TIMEOUT, "receive from %s: timed out",
                                         c->peer);
                    if (w != 0) {
                        drop_connection(c);
                        return w;
                    }
                    continue;
                }
                int e = errno;
                drop_connection(c);
                return set_error(c, e == ECONNRESET ? FAZHI_E_CLOSED : FAZHI_E_IO,
                                 "receive from %s: %s", c->peer, errno_text(e, eb, sizeof eb));
            }
            if (n == 0) {
                int mid = c->rx_body != NULL || c->rx_header_have > 0;
                drop_connection(c);
                return set_error(c, mid ? FAZHI_E_PROTOCOL : FAZHI_E_CLOSED,
                                 mid ? "%s closed the connection in the middle of a frame"
                                     : "%s closed the connection",
                                 c->peer);
            }
            if (c->rx_body == NULL)
                c->rx_header_have += (size_t)n;
            else
                c->rx_body_have += (size_t)n;
            continue;
        }

        if (c->rx_body == NULL) {
            /* Header complete. */
            uint32_t len = ((uint32_t)c->rx_header[0] << 24) | ((uint32_t)c->rx_header[1] << 16) |
                           ((uint32_t)c->rx_header[2] << 8) | (uint32_t)c->rx_header[3];
            if (len == 0) {
                drop_connection(c);
                return set_error(c, FAZHI_E_PROTOCOL, "%s sent a zero-length frame", c->peer);
            }
            if ((uint64_t)len > (uint64_t)c->max_frame_size) {
                drop_connection(c);
                return set_error(c, FAZHI_E_FRAME_TOO_LARGE,
                                 "%s sent a frame of %lu bytes, above the maximum of %zu bytes",
                                 c->peer, (unsigned long)len, c->max_frame_size);
            }
            c->rx_body = malloc(len);
            if (c->rx_body == NULL) {
                drop_connection(c);
                return set_error(c, FAZHI_E_NOMEM, "out of memory for a %lu-byte frame",
                                 (unsigned long)len);
            }
            c->rx_body_len = len;
            c->rx_body_have = 0;
            continue;
        }

        /* Body complete. */
        Fazhi__V1__Frame *frame = fazhi__v1__frame__unpack(NULL, c->rx_body_len, c->rx_body);
        size_t len = c->rx_body_len;
        reset_rx(c);
        if (frame == NULL) {
            drop_connection(c);
            return set_error(c, FAZHI_E_PROTOCOL, "%s sent an undecodable %zu-byte frame",
                             c->peer, len);
        }
        *out = frame;
        return 0;
    }
}

static int send_control(fazhi_client *c, Fazhi__V1__FrameKind kind, uint64_t call_id,
                        int64_t deadline)
{
    Fazhi__V1__Frame f = FAZHI__V1__FRAME__INIT;
    f.call_id = call_id;
    f.kind = kind;
    return send_frame(c, &f, deadline);
}

/* ---- calls --------------------------------------------------------------------------- */

/* Handles a frame that is not the answer being waited for; takes ownership of f.
 * 0 to keep going, or a negative error (the connection is dropped on protocol errors). */
static int handle_other_frame(fazhi_client *c, Fazhi__V1__Frame *f, int64_t deadline,
                              const char *method)
{
    int kind = (int)f->kind;
    uint64_t id = f->call_id;
    switch (kind) {
    case FAZHI__V1__FRAME_KIND__RESPONSE:
        break; /* the late answer to an abandoned (timed-out) call */
    case FAZHI__V1__FRAME_KIND__PONG:
        break; /* this client never pings */
    case FAZHI__V1__FRAME_KIND__GOAWAY:
        record_goaway(c, f);
        break; /* a call in flight is still answered (or the server closes) */
    case FAZHI__V1__FRAME_KIND__PING:
    case FAZHI__V1__FRAME_KIND__FRAME_KIND_UNSPECIFIED:
    case FAZHI__V1__FRAME_KIND__REQUEST:
    case FAZHI__V1__FRAME_KIND__CANCEL:
        break; /* below, after freeing */
    default:
        break; /* a kind from a newer protocol: ignore */
    }
    fazhi__v1__frame__free_unpacked(f, NULL);
    if (kind == FAZHI__V1__FRAME_KIND__PING)
        return send_control(c, FAZHI__V1__FRAME_KIND__PONG, id, deadline);
    if (kind == FAZHI__V1__FRAME_KIND__FRAME_KIND_UNSPECIFIED ||
        kind == FAZHI__V1__FRAME_KIND__REQUEST || kind == FAZHI__V1__FRAME_KIND__CANCEL) {
        drop_connection(c);
        return set_error(c, FAZHI_E_PROTOCOL, "%s: %s sent an unexpected frame of kind %d",
                         method, c->peer, kind);
    }
    return 0;
}

/* The error for a connection the server closed after sending GOAWAY. */
static int goaway_closed_error(fazhi_client *c, const char *method, const char *when)
{
    return set_error(c, FAZHI_E_GOAWAY, "%s: %s sent GOAWAY (%s: %s) and closed the connection%s",
                     method, c->peer, fazhi_status_name(c->goaway_code), c->goaway_message,
                     when);
}

/* Before a new call: handles the frames that arrived while the connection was idle (PING,
 * GOAWAY, late answers, or the server closing it), without waiting. 0 when the connection
 * can take the call; otherwise a negative error and nothing is sent. */
static int pump_pending(fazhi_client *c, const char *method)
{
    for (;;) {
        struct pollfd p = { .fd = c->fd, .events = POLLIN, .revents = 0 };
        int r = poll(&p, 1, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0; /* nothing pending (a poll error shows up on send) */
        Fazhi__V1__Frame *f = NULL;
        int rc = read_frame(c, now_ms(), &f);
        if (rc == FAZHI_E_TIMEOUT)
            return 0; /* part of a frame; the rest comes later */
        if (rc == FAZHI_E_CLOSED && c->goaway)
            return goaway_closed_error(c, method, " while idle");
        if (rc == FAZHI_E_CLOSED)
            return set_error(c, FAZHI_E_CLOSED, "%s: %s closed the idle connection", method,
                             c->peer);
        if (rc != 0)
            return rc;
        rc = handle_other_frame(c, f, deadline_after(CANCEL_BUDGET_MS), method);
        if (rc != 0)
            return rc;
    }
}

/* Our RESPONSE arrived: fills the caller's outputs, frees f, returns the status code. */
static int finish_call(fazhi_client *c, Fazhi__V1__Frame *f, const char *method,
                       uint8_t **out_payload, size_t *out_len, int *status_code,
                       char *status_message, size_t status_message_size)
{
    int code = f->status != NULL ? (int)f->status->code : FAZHI_STATUS_OK;
    int rc = code;
    if (code < 0) {
        drop_connection(c);
        rc = set_error(c, FAZHI_E_PROTOCOL, "%s: %s answered with negative status code %d",
                       method, c->peer, code);
    } else if (code != FAZHI_STATUS_OK) {
        const char *msg = f->status->message;
        copy_string(status_message, status_message_size, msg);
        (void)set_error(c, code, "%s (%d): %s", fazhi_status_name(code), code,
                        msg[0] != '\0' ? msg : "(no message)");
    } else {
        c->last_error[0] = '\0';
        if (f->status != NULL)
            copy_string(status_message, status_message_size, f->status->message);
        if (out_payload == NULL) {
            if (out_len != NULL)
                *out_len = f->payload.len;
        } else if (f->payload.len > 0) {
            uint8_t *copy = malloc(f->payload.len);
            if (copy == NULL) {
                rc = set_error(c, FAZHI_E_NOMEM, "out of memory for a %zu-byte response",
                               f->payload.len);
            } else {
                memcpy(copy, f->payload.data, f->payload.len);
                *out_payload = copy;
                if (out_len != NULL)
                    *out_len = f->payload.len;
            }
        }
    }
    fazhi__v1__frame__free_unpacked(f, NULL);
    if (status_code != NULL)
        *status_code = rc;
    return rc;
}

int fazhi_call(fazhi_client *client, const char *method,
               const uint8_t *payload, size_t payload_len,
               const char *token, uint32_t timeout_ms,
               uint8_t **out_payload, size_t *out_len,
               int *status_code, char *status_message, size_t status_message_size)
{
    if (out_payload != NULL)
        *out_payload = NULL;
    if (out_len != NULL)
        *out_len = 0;
    if (status_message != NULL && status_message_size > 0)
        status_message[0] = '\0';
    if (status_code != NULL)
        *status_code = FAZHI_E_INVALID_ARGUMENT;
    if (client == NULL)
        return FAZHI_E_INVALID_ARGUMENT;

    int rc;
    if (method == NULL || method[0] == '\0' || (payload == NULL && payload_len > 0)) {
        rc = set_error(client, FAZHI_E_INVALID_ARGUMENT,
                       "fazhi_call: a method is required, and a payload when payload_len > 0");
        goto out;
    }
    if (client->fd < 0) {
        rc = set_error(client, FAZHI_E_NOT_CONNECTED, "%s: not connected", method);
        goto out;
    }
    rc = pump_pending(client, method);
    if (rc != 0)
        goto out;
    if (client->goaway) {
        rc = set_error(client, FAZHI_E_GOAWAY,
                       "%s: %s sent GOAWAY (%s: %s); no new calls on this connection", method,
                       client->peer, fazhi_status_name(client->goaway_code),
                       client->goaway_message);
        goto out;
    }

    int64_t deadline = deadline_after(timeout_ms);
    uint64_t call_id = client->next_call_id++;
    if (client->next_call_id == 0)
        client->next_call_id = 1;

    /* The request frame. */
    Fazhi__V1__Frame req = FAZHI__V1__FRAME__INIT;
    Fazhi__V1__Frame__MetadataEntry auth = FAZHI__V1__FRAME__METADATA_ENTRY__INIT;
    Fazhi__V1__Frame__MetadataEntry *entries[1] = { &auth };
    char *bearer = NULL;
    req.call_id = call_id;
    req.kind = FAZHI__V1__FRAME_KIND__REQUEST;
    req.method = (char *)method;
    req.timeout_ms = timeout_ms;
    req.payload.data = (uint8_t *)payload;
    req.payload.len = payload_len;
    if (token != NULL && token[0] != '\0') {
        size_t tlen = strlen(token);
        bearer = malloc(tlen + sizeof "Bearer ");
        if (bearer == NULL) {
            rc = set_error(client, FAZHI_E_NOMEM, "out of memory");
            goto out;
        }
        memcpy(bearer, "Bearer ", 7);
        memcpy(bearer + 7, token, tlen + 1);
        auth.key = (char *)"authorization";
        auth.value = bearer;
        req.n_metadata = 1;
        req.metadata = entries;
    }
    rc = send_frame(client, &req, deadline);
    free(bearer);
    if (rc != 0) {
        if (rc == FAZHI_E_TIMEOUT)
            (void)set_error(client, rc, "%s: could not send the request to %s within %lu ms",
                            method, client->peer, (unsigned long)timeout_ms);
        goto out;
    }

    /* Frames until our RESPONSE. */
    for (;;) {
        Fazhi__V1__Frame *f = NULL;
        rc = read_frame(client, deadline, &f);
        if (rc == FAZHI_E_TIMEOUT) {
            (void)set_error(client, rc, "%s: no answer from %s within %lu ms", method,
                            client->peer, (unsigned long)timeout_ms);
            /* Best effort: tell the server to stop; keep the first error's message. */
            char saved[sizeof client->last_error];
            memcpy(saved, client->last_error, sizeof saved);
            (void)send_control(client, FAZHI__V1__FRAME_KIND__CANCEL, call_id,
                               deadline_after(CANCEL_BUDGET_MS));
            memcpy(client->last_error, saved, sizeof saved);
            goto out;
        }
        if (rc != 0) {
            if (rc == FAZHI_E_CLOSED && client->goaway)
                rc = goaway_closed_error(client, method, " before answering");
            goto out;
        }

        if (f->kind != FAZHI__V1__FRAME_KIND__RESPONSE || f->call_id != call_id) {
            rc = handle_other_frame(client, f, deadline, method);
            if (rc != 0)
                goto out;
            continue;
        }
        return finish_call(client, f, method, out_payload, out_len, status_code, status_message,
                           status_message_size);
    }

out:
    if (status_code != NULL)
        *status_code = rc;
    return rc;
}

int fazhi_health_check(fazhi_client *client, const char *token, uint32_t timeout_ms,
                       fazhi_health_result *result)
{
    if (result != NULL)
        memset(result, 0, sizeof *result);
    if (client == NULL)
        return FAZHI_E_INVALID_ARGUMENT;
    if (result == NULL)
        return set_error(client, FAZHI_E_INVALID_ARGUMENT, "fazhi_health_check: no result");

    /* HealthCheckRequest has no fields: its serialization is empty. */
    uint8_t *resp = NULL;
    size_t resp_len = 0;
    int rc = fazhi_call(client, FAZHI_METHOD_HEALTH_CHECK, NULL, 0, token, timeout_ms,
                        &resp, &resp_len, NULL, NULL, 0);
    if (rc != FAZHI_STATUS_OK)
        return rc;

    static const uint8_t empty[1] = { 0 };
    Fazhi__V1__HealthCheckResponse *h =
        fazhi__v1__health_check_response__unpack(NULL, resp_len, resp != NULL ? resp : empty);
    fazhi_free(resp);
    if (h == NULL)
        return set_error(client, FAZHI_E_PROTOCOL,
                         "%s: undecodable HealthCheckResponse (%zu bytes)",
                         FAZHI_METHOD_HEALTH_CHECK, resp_len);
    result->status = (int)h->status;
    copy_string(result->role, sizeof result->role, h->role);
    copy_string(result->version, sizeof result->version, h->version);
    result->in_flight_calls = h->in_flight_calls;
    result->uptime_seconds = h->uptime_seconds;
    result->shard = h->shard;
    result->shard_count = h->shard_count;
    fazhi__v1__health_check_response__free_unpacked(h, NULL);
    return FAZHI_STATUS_OK;
}
