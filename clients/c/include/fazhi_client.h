/*
 * fazhi_client.h — a small C client for fazhi services.
 *
 * Speaks the fazhi wire protocol (TCP; each frame is a 4-byte big-endian length L followed
 * by L bytes of a serialized fazhi.v1.Frame) using protobuf-c underneath. This header does
 * not expose any protobuf-c type: requests and responses of methods other than
 * Health/Check travel as serialized bytes that the caller packs and unpacks (for example
 * with the protoc-c code in clients/c/generated/, which libfazhiclient.a also contains).
 *
 * Conventions
 *   - Functions returning int return 0 (or a non-negative fazhi status code where noted)
 *     on success and a negative FAZHI_E_* transport error otherwise.
 *   - After a failure, fazhi_client_last_error() returns a human-readable description
 *     (errno-style, e.g. "connect 127.0.0.1:7100: Connection refused").
 *   - A fazhi_client is not thread-safe: use one per thread, or lock around it. Calls on
 *     one client are made one after another (the protocol allows several in flight; this
 *     client keeps it simple and waits for each answer).
 *   - Timeouts are in milliseconds; 0 means "no deadline".
 *   - The library never raises SIGPIPE (it writes with MSG_NOSIGNAL / SO_NOSIGPIPE).
 */
#ifndef FAZHI_CLIENT_H
#define FAZHI_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Negative transport / library errors. fazhi_strerror() names them. */
enum {
    FAZHI_E_INVALID_ARGUMENT = -1,  /* a NULL pointer, a malformed "HOST:PORT", ...        */
    FAZHI_E_NOMEM = -2,             /* out of memory                                      */
    FAZHI_E_RESOLVE = -3,           /* getaddrinfo failed                                 */
    FAZHI_E_CONNECT = -4,           /* could not connect to any address                   */
    FAZHI_E_TIMEOUT = -5,           /* connect, send or receive deadline passed           */
    FAZHI_E_IO = -6,                /* a socket error (see last_error for errno text)     */
    FAZHI_E_CLOSED = -7,            /* the server closed the connection                   */
    FAZHI_E_FRAME_TOO_LARGE = -8,   /* a frame above the configured maximum               */
    FAZHI_E_PROTOCOL = -9,          /* an undecodable or unexpected frame                 */
    FAZHI_E_GOAWAY = -10,           /* the server sent GOAWAY: no more calls on this conn */
    FAZHI_E_NOT_CONNECTED = -11     /* no connection (never connected, or dropped)        */
};

/* fazhi.v1.StatusCode (gRPC's codes), as returned by fazhi_call / fazhi_health_check. */
enum {
    FAZHI_STATUS_OK = 0,
    FAZHI_STATUS_CANCELLED = 1,
    FAZHI_STATUS_UNKNOWN = 2,
    FAZHI_STATUS_INVALID_ARGUMENT = 3,
    FAZHI_STATUS_DEADLINE_EXCEEDED = 4,
    FAZHI_STATUS_NOT_FOUND = 5,
    FAZHI_STATUS_ALREADY_EXISTS = 6,
    FAZHI_STATUS_PERMISSION_DENIED = 7,
    FAZHI_STATUS_RESOURCE_EXHAUSTED = 8,
    FAZHI_STATUS_FAILED_PRECONDITION = 9,
    FAZHI_STATUS_ABORTED = 10,
    FAZHI_STATUS_OUT_OF_RANGE = 11,
    FAZHI_STATUS_UNIMPLEMENTED = 12,
    FAZHI_STATUS_INTERNAL = 13,
    FAZHI_STATUS_UNAVAILABLE = 14,
    FAZHI_STATUS_DATA_LOSS = 15,
    FAZHI_STATUS_UNAUTHENTICATED = 16
};

/* fazhi.v1.ServingStatus. */
enum {
    FAZHI_SERVING_UNSPECIFIED = 0,
    FAZHI_SERVING = 1,
    FAZHI_NOT_SERVING = 2,
    FAZHI_DRAINING = 3
};

/* Default largest frame accepted (and sent): 8 MiB, the servers' default. */
#define FAZHI_DEFAULT_MAX_FRAME_SIZE ((size_t)8 * 1024 * 1024)

/* The health-check method name. */
#define FAZHI_METHOD_HEALTH_CHECK "/fazhi.v1.Health/Check"

typedef struct fazhi_client fazhi_client;

/* A decoded fazhi.v1.HealthCheckResponse. Strings are NUL-terminated, truncated to fit. */
typedef struct fazhi_health_result {
    int status;               /* FAZHI_SERVING, FAZHI_NOT_SERVING, FAZHI_DRAINING, ... */
    char role[64];            /* "parser", "indexer", "aggregator", "gateway"          */
    char version[64];         /* e.g. "0.1.0"                                          */
    uint32_t in_flight_calls; /* calls being worked on by the process                  */
    uint64_t uptime_seconds;  /* seconds since the service started                     */
    uint32_t shard;           /* partition index for a partitioned role, else 0        */
    uint32_t shard_count;     /* number of partitions for a partitioned role, else 0   */
} fazhi_health_result;

/* ---- lifetime ------------------------------------------------------------------------ */

/* A new, unconnected client; NULL when out of memory. */
fazhi_client *fazhi_client_new(void);

/* Closes the connection (if any) and frees the client. NULL is ignored. */
void fazhi_client_free(fazhi_client *client);

/* Largest frame the client accepts from the server and sends (default
 * FAZHI_DEFAULT_MAX_FRAME_SIZE; at most 4 GiB - 1). A larger response length is refused
 * before its body is buffered, with FAZHI_E_FRAME_TOO_LARGE, and the connection dropped. */
int fazhi_client_set_max_frame_size(fazhi_client *client, size_t max_bytes);

/* ---- connection ---------------------------------------------------------------------- */

/* Connects to host:port (a name or a numeric IPv4/IPv6 address; port a number or service
 * name), trying every resolved address until one answers, within timeout_ms overall.
 * Closes any previous connection first. */
int fazhi_client_connect(fazhi_client *client, const char *host, const char *port,
                         uint32_t timeout_ms);

/* Same, from one "HOST:PORT" string ("127.0.0.1:7100", "localhost:7100", "[::1]:7100"). */
int fazhi_client_connect_address(fazhi_client *client, const char *address,
                                 uint32_t timeout_ms);

/* Closes the connection; the client can connect again. */
void fazhi_client_disconnect(fazhi_client *client);

/* 1 when connected and usable for new calls, 0 otherwise (never connected, dropped after a
 * transport error, or the server sent GOAWAY). */
int fazhi_client_is_connected(const fazhi_client *client);

/* ---- calls --------------------------------------------------------------------------- */

/* Calls `method` ("/fazhi.v1.<Service>/<Method>") with the serialized request `payload`
 * (`payload_len` bytes; payload may be NULL when payload_len is 0).
 *
 * token:      when non-NULL and non-empty, sent as metadata "authorization: Bearer <token>".
 * timeout_ms: the whole call's budget (send + wait for the answer), also sent to the server
 *             as the frame's timeout_ms; 0 = no deadline.
 * out_payload/out_len: on status OK, a malloc'd copy of the response payload that the caller
 *             releases with fazhi_free(); NULL and 0 when the payload is empty or the status
 *             is not OK. out_payload may be NULL when the caller does not want the bytes
 *             (out_len then still receives their count); out_len may be NULL.
 * status_code: receives the return value: the fazhi status code, or the negative error
 *             when no answer arrived (may be NULL).
 * status_message/status_message_size: receive the status message, NUL-terminated and
 *             truncated to fit (may be NULL/0).
 *
 * Returns the status code (>= 0; FAZHI_STATUS_OK on success) when the server answered, or a
 * negative FAZHI_E_* error when no answer arrived. Before sending, frames that arrived while
 * the connection was idle are handled first, so a GOAWAY or close the server sent in the
 * meantime fails the call before it is sent. While waiting, PING frames are answered
 * with PONG, answers to earlier abandoned calls are skipped. A GOAWAY from the server marks
 * the connection as closing: the call in flight still gets its answer if the server sends
 * it, otherwise FAZHI_E_GOAWAY (with the server's status in last_error); later calls on this
 * connection fail with FAZHI_E_GOAWAY without being sent. On a timeout the client sends
 * CANCEL for the call and keeps the connection. On other transport errors the connection is
 * dropped. */
int fazhi_call(fazhi_client *client, const char *method,
               const uint8_t *payload, size_t payload_len,
               const char *token, uint32_t timeout_ms,
               uint8_t **out_payload, size_t *out_len,
               int *status_code, char *status_message, size_t status_message_size);

/* Calls /fazhi.v1.Health/Check. On status OK fills *result (zeroed otherwise). Returns the
 * status code (>= 0) or a negative FAZHI_E_* error, as fazhi_call. The status message of a
 * non-OK answer is available from fazhi_client_last_error(). */
int fazhi_health_check(fazhi_client *client, const char *token, uint32_t timeout_ms,
                       fazhi_health_result *result);

/* ---- errors and names ---------------------------------------------------------------- */

/* The last failure on this client: a transport error's details, or "<CODE>: <message>" of
 * the last non-OK status. "" when nothing failed yet. Never NULL (for a NULL client too). */
const char *fazhi_client_last_error(const fazhi_client *client);

/* A static description of a FAZHI_E_* code ("connection timed out", ...). */
const char *fazhi_strerror(int error);

/* The name of a status code, e.g. "UNAUTHENTICATED"; "UNKNOWN_STATUS" when out of range. */
const char *fazhi_status_name(int status_code);

/* The name of a serving status: "SERVING", "NOT_SERVING", "DRAINING", "UNSPECIFIED". */
const char *fazhi_serving_status_name(int serving_status);

/* Frees a buffer returned by fazhi_call. */
void fazhi_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* FAZHI_CLIENT_H */
