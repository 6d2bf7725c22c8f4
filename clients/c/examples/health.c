/*
 * fazhi-health-c HOST:PORT [--token T] [--timeout-ms N]
 *
 * Calls /fazhi.v1.Health/Check on a fazhi service with the C client and prints e.g.
 *   SERVING role=parser version=0.1.0 in_flight=0 uptime=3s
 * (plus " shard=I/N" for a partitioned role).
 *
 * Exit status: 0 when the service is SERVING; 1 when it answered but is not serving
 * (NOT_SERVING, DRAINING, unspecified, or status UNAVAILABLE); 2 on any other error
 * (transport, protocol, usage, or another non-OK status such as UNAUTHENTICATED), with a
 * message on stderr.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fazhi_client.h"

#define PROG "fazhi-health-c"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: " PROG " HOST:PORT [--token T] [--timeout-ms N]\n"
            "  Calls /fazhi.v1.Health/Check and prints the service's health.\n"
            "  --token T        shared token, sent as \"authorization: Bearer T\"\n"
            "                   (default: $FAZHI_TOKEN when set)\n"
            "  --timeout-ms N   budget for connect and for the call, in ms (default 5000)\n"
            "exit status: 0 SERVING, 1 not serving/draining, 2 error\n");
}

static int parse_timeout(const char *s, uint32_t *out)
{
    if (s == NULL || *s == '\0' || *s == '-' || *s == '+')
        return -1;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v > UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

int main(int argc, char **argv)
{
    const char *address = NULL;
    const char *token = getenv("FAZHI_TOKEN");
    uint32_t timeout_ms = 5000;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--token") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, PROG ": --token needs a value\n");
                return 2;
            }
            token = argv[++i];
        } else if (strncmp(a, "--token=", 8) == 0) {
            token = a + 8;
        } else if (strcmp(a, "--timeout-ms") == 0 || strncmp(a, "--timeout-ms=", 13) == 0) {
            const char *v = a[12] == '=' ? a + 13 : (i + 1 < argc ? argv[++i] : NULL);
            if (parse_timeout(v, &timeout_ms) != 0) {
                fprintf(stderr, PROG ": --timeout-ms needs a number of milliseconds (0 = none)\n");
                return 2;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, PROG ": unknown option %s\n", a);
            usage(stderr);
            return 2;
        } else if (address == NULL) {
            address = a;
        } else {
            fprintf(stderr, PROG ": unexpected argument %s\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (address == NULL) {
        usage(stderr);
        return 2;
    }

    fazhi_client *client = fazhi_client_new();
    if (client == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        return 2;
    }

    int exit_code = 2;
    int rc = fazhi_client_connect_address(client, address, timeout_ms);
    if (rc != 0) {
        fprintf(stderr, PROG ": %s\n", fazhi_client_last_error(client));
        goto done;
    }

    fazhi_health_result h;
    rc = fazhi_health_check(client, token, timeout_ms, &h);
    if (rc < 0) {
        fprintf(stderr, PROG ": %s: %s\n", address, fazhi_client_last_error(client));
        goto done;
    }
    if (rc != FAZHI_STATUS_OK) {
        /* last_error reads "UNAUTHENTICATED (16): <server's message>". */
        fprintf(stderr, PROG ": %s: %s\n", address, fazhi_client_last_error(client));
        exit_code = rc == FAZHI_STATUS_UNAVAILABLE ? 1 : 2;
        goto done;
    }

    printf("%s role=%s version=%s in_flight=%" PRIu32 " uptime=%" PRIu64 "s",
           fazhi_serving_status_name(h.status), h.role[0] ? h.role : "?",
           h.version[0] ? h.version : "?", h.in_flight_calls, h.uptime_seconds);
    if (h.shard_count > 0)
        printf(" shard=%" PRIu32 "/%" PRIu32, h.shard, h.shard_count);
    printf("\n");
    exit_code = h.status == FAZHI_SERVING ? 0 : 1;

done:
    fazhi_client_free(client);
    if (fflush(stdout) != 0 && exit_code == 0) {
        perror(PROG ": stdout");
        exit_code = 2;
    }
    return exit_code;
}
