/*
 * Unit tests for libfazhiclient against scripted fake servers.
 *
 * Each test forks a child that accepts one connection on 127.0.0.1 and plays a script
 * (well-behaved answers, PING, GOAWAY, oversized or broken frames, slow or byte-by-byte
 * writes); the parent drives the client and checks what it returns. The child checks what
 * the client sent (method, metadata, PONG, CANCEL) and reports through its exit status.
 *
 * Usage: test_client [PATH_TO_fazhi-health-c]   (default build/fazhi-health-c)
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fazhi_client.h"
#include "fazhi/v1/frame.pb-c.h"
#include "fazhi/v1/health.pb-c.h"

static int failures;
static int checks;
static const char *current_test = "";

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        checks++;                                                                          \
        if (!(cond)) {                                                                     \
            failures++;                                                                    \
            fprintf(stderr, "FAIL %s (%s:%d): %s\n", current_test, __FILE__, __LINE__,     \
                    #cond);                                                                \
        }                                                                                  \
    } while (0)

#define CHECK_RC(got, want)                                                                \
    do {                                                                                   \
        int got_ = (got), want_ = (want);                                                  \
        checks++;                                                                          \
        if (got_ != want_) {                                                               \
            failures++;                                                                    \
            fprintf(stderr, "FAIL %s (%s:%d): %s = %d, want %d (last error: %s)\n",         \
                    current_test, __FILE__, __LINE__, #got, got_, want_,                   \
                    fazhi_client_last_error(client));                                      \
        }                                                                                  \
    } while (0)

/* ---- fake server side (runs in the forked child) ------------------------------------- */

#define SRV_CHECK(cond)                                                                    \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "FAIL %s: server side (%s:%d): %s\n", current_test, __FILE__,  \
                    __LINE__, #cond);                                                      \
            _exit(1);                                                                      \
        }                                                                                  \
    } while (0)

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void srv_write(int fd, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        SRV_CHECK(n > 0);
        p += n;
        len -= (size_t)n;
    }
}

/* 1 on success, 0 on a clean EOF before any byte. */
static int srv_read_exact(int fd, void *buf, size_t len)
{
    uint8_t *p = buf;
    size_t have = 0;
    while (have < len) {
        ssize_t n = read(fd, p + have, len - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 && have == 0)
            return 0;
        SRV_CHECK(n > 0);
        have += (size_t)n;
    }
    return 1;
}

static Fazhi__V1__Frame *srv_read_frame(int fd)
{
    uint8_t h[4];
    if (!srv_read_exact(fd, h, 4))
        return NULL;
    uint32_t len = ((uint32_t)h[0] << 24) | ((uint32_t)h[1] << 16) | ((uint32_t)h[2] << 8) | h[3];
    SRV_CHECK(len > 0 && len <= 16u * 1024 * 1024);
    uint8_t *body = malloc(len);
    SRV_CHECK(body != NULL);
    SRV_CHECK(srv_read_exact(fd, body, len));
    Fazhi__V1__Frame *f = fazhi__v1__frame__unpack(NULL, len, body);
    free(body);
    SRV_CHECK(f != NULL);
    return f;
}

/* Serializes a frame with its length prefix; *len receives the total size. */
static uint8_t *encode_frame(const Fazhi__V1__Frame *f, size_t *len)
{
    size_t size = fazhi__v1__frame__get_packed_size(f);
    uint8_t *buf = malloc(size + 4);
    SRV_CHECK(buf != NULL);
    buf[0] = (uint8_t)(size >> 24);
    buf[1] = (uint8_t)(size >> 16);
    buf[2] = (uint8_t)(size >> 8);
    buf[3] = (uint8_t)size;
    SRV_CHECK(fazhi__v1__frame__pack(f, buf + 4) == size);
    *len = size + 4;
    return buf;
}

static void srv_send_frame(int fd, const Fazhi__V1__Frame *f)
{
    size_t len;
    uint8_t *buf = encode_frame(f, &len);
    srv_write(fd, buf, len);
    free(buf);
}

static void srv_send_control(int fd, Fazhi__V1__FrameKind kind, uint64_t id, int code,
                             const char *msg)
{
    Fazhi__V1__Frame f = FAZHI__V1__FRAME__INIT;
    Fazhi__V1__Status st = FAZHI__V1__STATUS__INIT;
    f.call_id = id;
    f.kind = kind;
    if (msg != NULL) {
        st.code = (Fazhi__V1__StatusCode)code;
        st.message = (char *)msg;
        f.status = &st;
    }
    srv_send_frame(fd, &f);
}

static void srv_respond(int fd, uint64_t call_id, int code, const char *msg,
                        const uint8_t *payload, size_t len)
{
    Fazhi__V1__Frame f = FAZHI__V1__FRAME__INIT;
    Fazhi__V1__Status st = FAZHI__V1__STATUS__INIT;
    f.call_id = call_id;
    f.kind = FAZHI__V1__FRAME_KIND__RESPONSE;
    st.code = (Fazhi__V1__StatusCode)code;
    st.message = (char *)(msg != NULL ? msg : "");
    f.status = &st;
    f.payload.data = (uint8_t *)payload;
    f.payload.len = len;
    srv_send_frame(fd, &f);
}

static uint8_t *health_payload(int status, const char *role, size_t *len)
{
    Fazhi__V1__HealthCheckResponse h = FAZHI__V1__HEALTH_CHECK_RESPONSE__INIT;
    h.status = (Fazhi__V1__ServingStatus)status;
    h.role = (char *)role;
    h.version = (char *)"0.1.0";
    h.in_flight_calls = 2;
    h.uptime_seconds = 3;
    h.shard = 1;
    h.shard_count = 4;
    *len = fazhi__v1__health_check_response__get_packed_size(&h);
    uint8_t *buf = malloc(*len + 1);
    SRV_CHECK(buf != NULL);
    SRV_CHECK(fazhi__v1__health_check_response__pack(&h, buf) == *len);
    return buf;
}

static void srv_respond_health(int fd, uint64_t call_id, int status)
{
    size_t len;
    uint8_t *p = health_payload(status, "parser", &len);
    srv_respond(fd, call_id, 0, "", p, len);
    free(p);
}

static const char *metadata(const Fazhi__V1__Frame *f, const char *key)
{
    for (size_t i = 0; i < f->n_metadata; i++)
        if (strcmp(f->metadata[i]->key, key) == 0)
            return f->metadata[i]->value;
    return NULL;
}

static Fazhi__V1__Frame *srv_expect_request(int fd, const char *method)
{
    Fazhi__V1__Frame *f = srv_read_frame(fd);
    SRV_CHECK(f != NULL);
    SRV_CHECK(f->kind == FAZHI__V1__FRAME_KIND__REQUEST);
    SRV_CHECK(f->call_id != 0);
    SRV_CHECK(strcmp(f->method, method) == 0);
    return f;
}

/* Waits for the client to close the connection (EOF), ignoring what it sends. */
static void srv_drain(int fd)
{
    uint8_t buf[4096];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
    }
}

typedef void (*script_fn)(int fd);

typedef struct {
    pid_t pid;
    char port[16];
} fake_server;

static void start_server(fake_server *s, script_fn script)
{
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) {
        perror("socket");
        exit(2);
    }
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    if (bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 4) != 0 ||
        getsockname(lfd, (struct sockaddr *)&a, &alen) != 0) {
        perror("bind/listen");
        exit(2);
    }
    snprintf(s->port, sizeof s->port, "%u", (unsigned)ntohs(a.sin_port));
    fflush(NULL);
    s->pid = fork();
    if (s->pid < 0) {
        perror("fork");
        exit(2);
    }
    if (s->pid == 0) {
        signal(SIGPIPE, SIG_IGN);
        int fd;
        do {
            fd = accept(lfd, NULL, NULL);
        } while (fd < 0 && errno == EINTR);
        SRV_CHECK(fd >= 0);
        close(lfd);
        script(fd);
        close(fd);
        _exit(0);
    }
    close(lfd);
}

static void finish_server(fake_server *s)
{
    int st = 0;
    pid_t r;
    do {
        r = waitpid(s->pid, &st, 0);
    } while (r < 0 && errno == EINTR);
    checks++;
    if (r != s->pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        failures++;
        fprintf(stderr, "FAIL %s: fake server failed (status %d)\n", current_test, st);
    }
}

static fazhi_client *connect_to(const fake_server *s)
{
    fazhi_client *client = fazhi_client_new();
    if (client == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    char addr[64];
    snprintf(addr, sizeof addr, "127.0.0.1:%s", s->port);
    int rc = fazhi_client_connect_address(client, addr, 2000);
    CHECK_RC(rc, 0);
    return client;
}

/* ---- scripts and tests --------------------------------------------------------------- */

static void script_health_twice(int fd)
{
    Fazhi__V1__Frame *f = srv_expect_request(fd, FAZHI_METHOD_HEALTH_CHECK);
    SRV_CHECK(f->payload.len == 0);
    SRV_CHECK(f->timeout_ms == 1500);
    SRV_CHECK(metadata(f, "authorization") == NULL);
    uint64_t first = f->call_id;
    srv_respond_health(fd, f->call_id, FAZHI__V1__SERVING_STATUS__SERVING);
    fazhi__v1__frame__free_unpacked(f, NULL);

    f = srv_expect_request(fd, FAZHI_METHOD_HEALTH_CHECK);
    SRV_CHECK(f->call_id != first);
    SRV_CHECK(f->timeout_ms == 0);
    srv_respond_health(fd, f->call_id, FAZHI__V1__SERVING_STATUS__DRAINING);
    fazhi__v1__frame__free_unpacked(f, NULL);
    SRV_CHECK(srv_read_frame(fd) == NULL); /* client closes */
}

static void test_health(void)
{
    current_test = "health";
    fake_server s;
    start_server(&s, script_health_twice);
    fazhi_client *client = connect_to(&s);
    CHECK(fazhi_client_is_connected(client));
    fazhi_health_result h;
    CHECK_RC(fazhi_health_check(client, NULL, 1500, &h), 0);
    CHECK(h.status == FAZHI_SERVING);
    CHECK(strcmp(h.role, "parser") == 0);
    CHECK(strcmp(h.version, "0.1.0") == 0);
    CHECK(h.in_flight_calls == 2 && h.uptime_seconds == 3);
    CHECK(h.shard == 1 && h.shard_count == 4);
    CHECK_RC(fazhi_health_check(client, "", 0, &h), 0); /* "" = no token */
    CHECK(h.status == FAZHI_DRAINING);
    fazhi_client_free(client);
    finish_server(&s);
}

static void script_auth(int fd)
{
    Fazhi__V1__Frame *f = srv_expect_request(fd, FAZHI_METHOD_HEALTH_CHECK);
    SRV_CHECK(metadata(f, "authorization") == NULL);
    srv_respond(fd, f->call_id, FAZHI__V1__STATUS_CODE__UNAUTHENTICATED, "missing token", NULL, 0);
    fazhi__v1__frame__free_unpacked(f, NULL);

    f = srv_expect_request(fd, FAZHI_METHOD_HEALTH_CHECK);
    const char *auth = metadata(f, "authorization");
    SRV_CHECK(auth != NULL && strcmp(auth, "Bearer s3cret") == 0);
    srv_respond_health(fd, f->call_id, FAZHI__V1__SERVING_STATUS__SERVING);
    fazhi__v1__frame__free_unpacked(f, NULL);
    SRV_CHECK(srv_read_frame(fd) == NULL);
}

static void test_auth(void)
{
    current_test = "auth";
    fake_server s;
    start_server(&s, script_auth);
    fazhi_client *client = connect_to(&s);
    fazhi_health_result h;
    CHECK_RC(fazhi_health_check(client, NULL, 2000, &h), FAZHI_STATUS_UNAUTHENTICATED);
    CHECK(strstr(fazhi_client_last_error(client), "UNAUTHENTICATED (16): missing token") != NULL);
    CHECK(h.status == 0 && h.role[0] == '\0');
    CHECK(fazhi_client_is_connected(client)); /* a status is not a transport error */
    CHECK_RC(fazhi_health_check(client, "s3cret", 2000, &h), 0);
    CHECK(h.status == FAZHI_SERVING);
    fazhi_client_free(client);
    finish_server(&s);
}

static void script_ping(int fd)
{
    Fazhi__V1__Frame *f = srv_expect_request(fd, "/fazhi.v1.Test/Echo");
    uint64_t id = f->call_id;
    /* A stale answer, an unsolicited PONG, then a PING the client must answer. */
    srv_respond(fd, id + 1000, 0, "", (const uint8_t *)"stale", 5);
    srv_send_control(fd, FAZHI__V1__FRAME_KIND__PONG, 5, 0, NULL);
    srv_send_control(fd, FAZHI__V1__FRAME_KIND__PING, 77, 0, NULL);
    Fazhi__V1__Frame *pong = srv_read_frame(fd);
    SRV_CHECK(pong != NULL);
    SRV_CHECK(pong->kind == FAZHI__V1__FRAME_KIND__PONG && pong->call_id == 77);
    fazhi__v1__frame__free_unpacked(pong, NULL);
    srv_respond(fd, id, 0, "", f->payload.data, f->payload.len); /* echo */
    fazhi__v1__frame__free_unpacked(f, NULL);
    SRV_CHECK(srv_read_frame(fd) == NULL);
}

static void test_ping_and_stale(void)
{
    current_test = "ping";
    fake_server s;
    start_server(&s, script_ping);
    fazhi_client *client = connect_to(&s);
    uint8_t *out = NULL;
    size_t out_len = 0;
    int code = -99;
    char msg[64];
    CHECK_RC(fazhi_call(client, "/fazhi.v1.Test/Echo", (const uint8_t *)"hello", 5, NULL, 2000,
                        &out, &out_len, &code, msg, sizeof msg), 0);
    CHECK(code == 0 && msg[0] == '\0');
    CHECK(out_len == 5 && out != NULL && memcmp(out, "hello", 5) == 0);
    fazhi_free(out);
    fazhi_client_free(client);
    finish_server(&s);
}

static void script_goaway_close(int fd)
{
    Fazhi__V1__Frame *f = srv_expect_request(fd, FAZHI_METHOD_HEALTH_CHECK);
    fazhi__v1__frame__free_unpacked(f, NULL);
    srv_send_control(fd, FAZHI__V1__FRAME_KIND__GOAWAY, 0, FAZHI__V1__STATUS_CODE__UNAVAILABLE,
                     "draining");
}

static void test_goaway_close(void)
{
    current_test = "goaway-close";
    fake_server s;
    start_server(&s, script_goaway_close);
    fazhi_client *client = connect_to(&s);
    fazhi_health_result h;
    CHECK_RC(fazhi_health_check(client, NULL, 2000, &h), FAZHI_E_GOAWAY);
    CHECK(strstr(fazhi_client_last_error(client), "UNAVAILABLE: draining") != NULL);
    CHECK(!fazhi_client_is_connected(client));
    CHECK_RC(fazhi_health_check(client, NULL, 2000, &h), FAZHI_E_NOT_CONNECTED);
    fazhi_client_free(client);
    finish_server(&s);
}

static void script_goaway_finish(int fd)
{
    Fazhi__V1__Frame *f = srv_expect_request(fd, FAZHI_METHOD_HEALTH_CHECK);
    srv_send_control(fd, FAZHI__V1__FRAME_KIND__GOAWAY, 0, FAZHI__V1__STATUS_CODE__UNAVAILABLE,
                     "draining");
    srv_respond_health(fd, f->call_id, FAZHI__V1__SERVING_STATUS__DRAINING);
    fazhi__v1__frame__free_unpacked(f, NULL);
    SRV_CHECK(srv_read_frame(fd) == NULL); /* no second request may arrive */
}

static void test_goaway_finish(void)
{
    current_test = "goaway-finish";
    fake_server s;
    start_server(&s, script_goaway_finish);
    fazhi_client *client = connect_to(&s);
    fazhi_health_result h;
    CHECK_RC(fazhi_health_check(client, NULL, 2000, &h), 0);
    CHECK(h.status == FAZHI_DRAINING);
    CHECK(!fazhi_client_is_connected(client));
    CHECK_RC(fazhi_health_check(client, NULL, 2000, &h), FAZHI_E_GOAWAY);
    CHECK(strstr(fazhi_client_last_error(client), "GOAWAY (UNAVAILABLE: draining)") != NULL);
    fazhi_client_free(client);
    finish_server(&s);
}

static void script_idle(int fd)
{
    /* Call 1 answered, then a PING while idle: the client answers it before call 2. */
    Fazhi__V1__Frame *f = srv_expect_request(fd, FAZHI_METHOD_HEALTH_CHECK);
    srv_respond_health(fd, f->call_id, FAZHI__V1__SERVING_STATUS__SERVING);
    fazhi__v1__frame__free_unpacked(f, NULL);
    srv_send_control(fd, FAZHI__V1__FRAME_KIND__PING, 9, 0, NULL);
    Fazhi__V1__Frame *pong = srv_read_frame(fd);
    SRV_CHECK(pong != NULL && pong->kind == FAZHI__V1__FRAME_KIND__PONG && pong->call_id == 9);
    fazhi__v1__frame__free_unpacked(pong, NULL);
    f = srv_expect_request(fd, FAZHI_METHOD_HEALTH_CHECK);
    srv_respond_health(fd, f->call_id, FAZHI__V1__SERVING_STATUS__SERVING);
    fazhi__v1__frame__free_unpacked(f, NULL);
    /* Then GOAWAY and close while idle: call 3 must fail without being sent. */
    srv_send_control(fd, FAZHI__V1__FRAME_KIND__GOAWAY, 0, FAZHI__V1__STATUS_CODE__UNAVAILABLE,
                     "the server is shutting down");
    shutdown(fd, SHUT_WR);
    SRV_CHECK(srv_read_frame(fd) == NULL);
}

static void test_idle_frames(void)
{
    current_test = "idle";
    fake_server s;
    start_server(&s, script_idle);
    fazhi_client *client = connect_to(&s);
    fazhi_health_result h;
    CHECK_RC(fazhi_health_check(client, NULL, 2000, &h), 0);
    sleep_ms(100); /* the PING arrives while idle */
    CHECK_RC(fazhi_health_check(client, NULL, 2000, &h), 0);
    sleep_ms(100); /* GOAWAY and FIN arrive while idle */
    CHECK_RC(fazhi_health_check(client, NULL, 2000, &h), FAZHI_E_GOAWAY);
    CHECK(strstr(fazhi_client_last_error(client), "shutting down) and closed the connection while idle") != NULL);
    CHECK(!fazhi_client_is_connected(client));
    fazhi_client_free(client);
    finish_server(&s);
}

static void script_refuse_big(int fd)
{
    /* Like a server whose maximum is 8 MiB: refuse after the length, GOAWAY, close with the
     * body unread (the kernel answers the client's further data with RST). */
    uint8_t h[4];
    SRV_CHECK(srv_read_exact(fd, h, 4));
    srv_send_control(fd, FAZHI__V1__FRAME_KIND__GOAWAY, 0,
                     FAZHI__V1__STATUS_CODE__RESOURCE_EXHAUSTED, "frame too large");
}

static void test_goaway_while_sending(void)
{
    current_test = "goaway-while-sending";
    fake_server s;
    start_server(&s, script_refuse_big);
    fazhi_client *client = connect_to(&s);
    CHECK_RC(fazhi_client_set_max_frame_size(client, 16u * 1024 * 1024), 0);
    size_t n = 9u * 1024 * 1024;
    uint8_t *big = calloc(1, n);
    CHECK(big != NULL);
    if (big == NULL)
        exit(2);
    int rc = fazhi_call(client, "/fazhi.v1.Test/Echo", big, n, NULL, 5000, NULL, NULL, NULL,
                        NULL, 0);
    /* Linux keeps the GOAWAY readable after the RST; elsewhere it may be lost. */
    CHECK(rc == FAZHI_E_GOAWAY || rc == FAZHI_E_CLOSED);
    CHECK(rc != FAZHI_E_GOAWAY ||
          strstr(fazhi_client_last_error(client), "RESOURCE_EXHAUSTED: frame too large") != NULL);
    CHECK(!fazhi_client_is_connected(client));
    if (rc != FAZHI_E_GOAWAY)
        fprintf(stderr, "note %s: got %d (%s)\n", current_test, rc, fazhi_client_last_error(client));
    free(big);
    fazhi_client_free(client);
    finish_server(&s);
}

static uint32_t raw_length;

static void script_raw_length(int fd)
{
    Fazhi__V1__Frame *f = srv_expect_request(fd, FAZHI_METHOD_HEALTH_CHECK);
    fazhi__v1__frame__free_unpacked(f, NULL);
    uint8_t h[4] = { (uint8_t)(raw_length >> 24), (uint8_t)(raw_length >> 16),
                     (uint8_t)(raw_length >> 8), (uint8_t)raw_length };
    srv_write(fd, h, 4);
    if (raw_length > 0 && raw_length < 4096) {
        uint8_t junk[4096];
        memset(junk, 0xff, sizeof junk); /* not a valid protobuf message */
        srv_write(fd, junk, raw_length);
    }
    if (raw_length == 100000) {
        srv_write(fd, "\x0a\x01", 2); /* a little of the body, then close */
        return;
    }
    srv_drain(fd);
}

static void run_raw_length(const char *name, uint32_t len, size_t max_frame, int want)
{
    current_test = name;
    raw_length = len;
    fake_server s;
    start_server(&s, script_raw_length);
    fazhi_client *client = connect_to(&s);
    if (max_frame > 0)
        CHECK_RC(fazhi_client_set_max_frame_size(client, max_frame), 0);
    fazhi_health_result h;
    CHECK_RC(fazhi_health_check(client, NULL, 2000, &h), want);
    CHECK(!fazhi_client_is_connected(client));
    fazhi_client_free(client);
    finish_server(&s);
}

static void test_bad_frames(void)
{
    run_raw_length("oversized-default", 8u * 1024 * 1024 + 1, 0, FAZHI_E_FRAME_TOO_LARGE);
    run_raw_length("oversized-huge", 0xffffffffu, 0, FAZHI_E_FRAME_TOO_LARGE);
    run_raw_length("oversized-custom", 2000, 1024, FAZHI_E_FRAME_TOO_LARGE);
    run_raw_length("zero-length", 0, 0, FAZHI_E_PROTOCOL);
    run_raw_length("garbage", 10, 0, FAZHI_E_PROTOCOL);
    run_raw_length("truncated", 100000, 0, FAZHI_E_PROTOCOL); /* header, then EOF */
}

static void script_slow(int fd)
{
    /* Call 1: half a frame, then wait past the client's deadline; expect CANCEL. */
    Fazhi__V1__Frame *f = srv_expect_request(fd, FAZHI_METHOD_HEALTH_CHECK);
    uint64_t id1 = f->call_id;
    fazhi__v1__frame__free_unpacked(f, NULL);
    size_t hp_len, len;
    uint8_t *hp = health_payload(FAZHI__V1__SERVING_STATUS__SERVING, "slow", &hp_len);
    Fazhi__V1__Frame r = FAZHI__V1__FRAME__INIT;
    r.call_id = id1;
    r.kind = FAZHI__V1__FRAME_KIND__RESPONSE;
    r.payload.data = hp;
    r.payload.len = hp_len;
    uint8_t *late = encode_frame(&r, &len);
    srv_write(fd, late, 6); /* header + 2 body bytes */
    Fazhi__V1__Frame *cancel = srv_read_frame(fd);
    SRV_CHECK(cancel != NULL);
    SRV_CHECK(cancel->kind == FAZHI__V1__FRAME_KIND__CANCEL && cancel->call_id == id1);
    fazhi__v1__frame__free_unpacked(cancel, NULL);

    /* Call 2 arrives; finish the stale frame for call 1 first, then answer call 2
     * byte by byte. */
    f = srv_expect_request(fd, FAZHI_METHOD_HEALTH_CHECK);
    SRV_CHECK(f->call_id != id1);
    srv_write(fd, late + 6, len - 6);
    free(late);
    r.call_id = f->call_id;
    fazhi__v1__frame__free_unpacked(f, NULL);
    free(hp);
    hp = health_payload(FAZHI__V1__SERVING_STATUS__NOT_SERVING, "trickle", &hp_len);
    r.payload.data = hp;
    r.payload.len = hp_len;
    uint8_t *answer = encode_frame(&r, &len);
    for (size_t i = 0; i < len; i++) {
        srv_write(fd, answer + i, 1);
        sleep_ms(2);
    }
    free(answer);
    free(hp);
    SRV_CHECK(srv_read_frame(fd) == NULL);
}

static void test_timeout_and_resume(void)
{
    current_test = "timeout";
    fake_server s;
    start_server(&s, script_slow);
    fazhi_client *client = connect_to(&s);
    fazhi_health_result h;
    int64_t t0 = mono_ms();
    CHECK_RC(fazhi_health_check(client, NULL, 300, &h), FAZHI_E_TIMEOUT);
    int64_t took = mono_ms() - t0;
    CHECK(took >= 290 && took < 1500);
    CHECK(strstr(fazhi_client_last_error(client), "no answer") != NULL);
    CHECK(fazhi_client_is_connected(client)); /* a timeout keeps the connection */
    CHECK_RC(fazhi_health_check(client, NULL, 5000, &h), 0);
    CHECK(h.status == FAZHI_NOT_SERVING && strcmp(h.role, "trickle") == 0);
    fazhi_client_free(client);
    finish_server(&s);
}

static void script_big_echo(int fd)
{
    Fazhi__V1__Frame *f = srv_expect_request(fd, "/fazhi.v1.Test/Echo");
    SRV_CHECK(f->payload.len == 3u * 1024 * 1024);
    srv_respond(fd, f->call_id, 0, "", f->payload.data, f->payload.len);
    fazhi__v1__frame__free_unpacked(f, NULL);
    f = srv_expect_request(fd, "/fazhi.v1.Test/Fail");
    srv_respond(fd, f->call_id, FAZHI__V1__STATUS_CODE__INVALID_ARGUMENT,
                "a long message that will not fit in the caller's small buffer", NULL, 0);
    fazhi__v1__frame__free_unpacked(f, NULL);
    SRV_CHECK(srv_read_frame(fd) == NULL);
}

static void test_big_payload_and_limits(void)
{
    current_test = "big-payload";
    fake_server s;
    start_server(&s, script_big_echo);
    fazhi_client *client = connect_to(&s);
    size_t n = 3u * 1024 * 1024;
    uint8_t *big = malloc(9u * 1024 * 1024);
    CHECK(big != NULL);
    if (big == NULL)
        exit(2);
    for (size_t i = 0; i < 9u * 1024 * 1024; i++)
        big[i] = (uint8_t)(i * 31u + 7u);

    /* A request above the maximum is refused before sending; the connection stays up. */
    uint8_t *out = NULL;
    size_t out_len = 0;
    int code = 0;
    CHECK_RC(fazhi_call(client, "/fazhi.v1.Test/Echo", big, 9u * 1024 * 1024, NULL, 2000, &out,
                        &out_len, &code, NULL, 0), FAZHI_E_FRAME_TOO_LARGE);
    CHECK(code == FAZHI_E_FRAME_TOO_LARGE && out == NULL && out_len == 0);
    CHECK(fazhi_client_is_connected(client));

    CHECK_RC(fazhi_call(client, "/fazhi.v1.Test/Echo", big, n, "tok", 10000, &out, &out_len,
                        &code, NULL, 0), 0);
    CHECK(out_len == n && out != NULL && memcmp(out, big, n) == 0);
    fazhi_free(out);

    char small[8];
    CHECK_RC(fazhi_call(client, "/fazhi.v1.Test/Fail", NULL, 0, NULL, 2000, &out, &out_len,
                        &code, small, sizeof small), FAZHI_STATUS_INVALID_ARGUMENT);
    CHECK(code == FAZHI_STATUS_INVALID_ARGUMENT && strcmp(small, "a long ") == 0);
    CHECK(out == NULL && out_len == 0);
    free(big);
    fazhi_client_free(client);
    finish_server(&s);
}

static void script_close_at_once(int fd)
{
    Fazhi__V1__Frame *f = srv_expect_request(fd, FAZHI_METHOD_HEALTH_CHECK);
    fazhi__v1__frame__free_unpacked(f, NULL);
}

static void test_closed(void)
{
    current_test = "closed";
    fake_server s;
    start_server(&s, script_close_at_once);
    fazhi_client *client = connect_to(&s);
    fazhi_health_result h;
    CHECK_RC(fazhi_health_check(client, NULL, 2000, &h), FAZHI_E_CLOSED);
    CHECK(!fazhi_client_is_connected(client));
    /* Writing to the dead connection must not raise SIGPIPE: reconnect fails instead. */
    fazhi_client_free(client);
    finish_server(&s);
}

static void test_connect_errors(void)
{
    current_test = "connect-errors";
    fazhi_client *client = fazhi_client_new();
    CHECK(client != NULL);
    fazhi_health_result h;
    CHECK_RC(fazhi_health_check(client, NULL, 100, &h), FAZHI_E_NOT_CONNECTED);
    CHECK_RC(fazhi_client_connect_address(client, "no-port", 100), FAZHI_E_INVALID_ARGUMENT);
    CHECK_RC(fazhi_client_connect_address(client, "::1:80", 100), FAZHI_E_INVALID_ARGUMENT);
    CHECK_RC(fazhi_client_connect_address(client, "[::1:80", 100), FAZHI_E_INVALID_ARGUMENT);
    CHECK_RC(fazhi_client_connect_address(client, "host:", 100), FAZHI_E_INVALID_ARGUMENT);
    CHECK_RC(fazhi_client_connect_address(client, ":80", 100), FAZHI_E_INVALID_ARGUMENT);
    CHECK_RC(fazhi_client_set_max_frame_size(client, 0), FAZHI_E_INVALID_ARGUMENT);
    CHECK_RC(fazhi_call(client, "", NULL, 0, NULL, 0, NULL, NULL, NULL, NULL, 0),
             FAZHI_E_INVALID_ARGUMENT);
    CHECK_RC(fazhi_call(client, "/m", NULL, 3, NULL, 0, NULL, NULL, NULL, NULL, 0),
             FAZHI_E_INVALID_ARGUMENT);

    /* A port nobody listens on: bind one, learn its number, close it. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
          getsockname(fd, (struct sockaddr *)&a, &alen) == 0);
    char port[16];
    snprintf(port, sizeof port, "%u", (unsigned)ntohs(a.sin_port));
    close(fd);
    CHECK_RC(fazhi_client_connect(client, "127.0.0.1", port, 1000), FAZHI_E_CONNECT);
    CHECK(strstr(fazhi_client_last_error(client), "refused") != NULL);
    CHECK_RC(fazhi_client_connect(client, "no-such-host.invalid", "80", 1000), FAZHI_E_RESOLVE);
    CHECK(!fazhi_client_is_connected(client));

    CHECK(strcmp(fazhi_status_name(16), "UNAUTHENTICATED") == 0);
    CHECK(strcmp(fazhi_status_name(17), "UNKNOWN_STATUS") == 0);
    CHECK(strcmp(fazhi_serving_status_name(3), "DRAINING") == 0);
    CHECK(strcmp(fazhi_strerror(FAZHI_E_TIMEOUT), "timed out") == 0);
    CHECK(strcmp(fazhi_client_last_error(NULL), "no client") == 0);
    fazhi_client_free(client);
    fazhi_client_free(NULL);
}

/* ---- the example program ------------------------------------------------------------- */

static const char *example_path = "build/fazhi-health-c";

static void script_example(int fd)
{
    /* Answers according to the token: none → UNAUTHENTICATED, "d" → DRAINING, else SERVING. */
    Fazhi__V1__Frame *f = srv_expect_request(fd, FAZHI_METHOD_HEALTH_CHECK);
    const char *auth = metadata(f, "authorization");
    if (auth == NULL)
        srv_respond(fd, f->call_id, FAZHI__V1__STATUS_CODE__UNAUTHENTICATED, "missing token",
                    NULL, 0);
    else
        srv_respond_health(fd, f->call_id, strcmp(auth, "Bearer d") == 0
                                               ? FAZHI__V1__SERVING_STATUS__DRAINING
                                               : FAZHI__V1__SERVING_STATUS__SERVING);
    fazhi__v1__frame__free_unpacked(f, NULL);
    srv_drain(fd);
}

static int run_example(const char *args, char *out, size_t outsize)
{
    fake_server s;
    start_server(&s, script_example);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s 127.0.0.1:%s %s 2>&1", example_path, s.port, args);
    FILE *p = popen(cmd, "r");
    if (p == NULL) {
        perror("popen");
        exit(2);
    }
    size_t n = fread(out, 1, outsize - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    finish_server(&s);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_example(void)
{
    current_test = "example";
    if (access(example_path, X_OK) != 0) {
        fprintf(stderr, "skip example: %s not built\n", example_path);
        return;
    }
    char out[1024];
    CHECK(run_example("--token s --timeout-ms 3000", out, sizeof out) == 0);
    CHECK(strcmp(out, "SERVING role=parser version=0.1.0 in_flight=2 uptime=3s shard=1/4\n") == 0);
    CHECK(run_example("--token=d", out, sizeof out) == 1);
    CHECK(strncmp(out, "DRAINING role=parser", 20) == 0);
    CHECK(run_example("", out, sizeof out) == 2);
    CHECK(strstr(out, "UNAUTHENTICATED (16): missing token") != NULL);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        example_path = argv[1];
    test_health();
    test_auth();
    test_ping_and_stale();
    test_goaway_close();
    test_goaway_finish();
    test_idle_frames();
    test_goaway_while_sending();
    test_bad_frames();
    test_timeout_and_resume();
    test_big_payload_and_limits();
    test_closed();
    test_connect_errors();
    test_example();
    printf("test_client: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
