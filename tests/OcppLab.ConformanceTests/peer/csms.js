#!/usr/bin/env node
'use strict';
// Strict OCPP 1.6-J / 2.0.1 CSMS used as an independent test peer by the conformance tests.
//
//   node csms.js [--port 0] [--host 127.0.0.1] [--exit-with-stdin]
//
// Prints one JSON line {"ready":true,"port":N} on stdout once listening, then stays quiet on
// stdout (errors go to stderr). One HTTP server serves the OCPP WebSocket endpoint
// ws://host:N/ocpp/{identity} and the JSON control API under /_control (see README.md).
// --exit-with-stdin: exit when stdin closes, so the peer never outlives a test run that died
// without stopping it.

const http = require('http');
const { Store } = require('./lib/store');
const { OcppEndpoint } = require('./lib/ocpp-endpoint');
const { createControlApi } = require('./lib/control-api');
const { assertDefaultsValid } = require('./lib/defaults');

function parseArgs(argv) {
    const options = { port: 0, host: '127.0.0.1', exitWithStdin: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === '--port') {
            options.port = Number(argv[++i]);
            if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
                throw new Error('--port needs an integer between 0 and 65535');
            }
        } else if (arg === '--host') {
            options.host = argv[++i];
        } else if (arg === '--exit-with-stdin') {
            options.exitWithStdin = true;
        } else {
            throw new Error(`unknown argument ${arg}`);
        }
    }
    return options;
}

/** Answers an upgrade request with a plain HTTP error and drops the socket. */
function refuseUpgrade(socket, status, message) {
    if (socket.writable) {
        const body = message ?? http.STATUS_CODES[status];
        socket.write(
            `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
            'Connection: close\r\nContent-Type: text/plain\r\n' +
            `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    }
    socket.destroy();
}

function main() {
    const options = parseArgs(process.argv.slice(2));
    assertDefaultsValid();

    const store = new Store();
    const endpoint = new OcppEndpoint(store);
    const server = http.createServer({ noDelay: true }, createControlApi(store, endpoint));

    server.on('upgrade', (request, socket, head) => {
        try {
            // ocpp-rpc takes the identity from the last path segment of any path; the peer
            // serves exactly /ocpp/{identity} and refuses what ocpp-rpc would choke on.
            const url = new URL('http://peer' + (request.url || '/'));
            const match = /^\/ocpp\/([^/]+)$/.exec(url.pathname);
            if (!match) {
                refuseUpgrade(socket, 404, 'Unknown endpoint; use /ocpp/{identity}');
                return;
            }
            let identity;
            try {
                identity = decodeURIComponent(match[1]);
            } catch {
                refuseUpgrade(socket, 400, 'Identity is not valid percent-encoding');
                return;
            }
            if (store.offline) {
                store.identity(identity).refusedUpgrade(503);
                refuseUpgrade(socket, 503, 'CSMS offline');
                return;
            }
            endpoint.handleUpgrade(request, socket, head).catch(err => endpoint.peerError(null, err));
        } catch (err) {
            endpoint.peerError(null, err);
            refuseUpgrade(socket, 500);
        }
    });
    server.on('clientError', (err, socket) => refuseUpgrade(socket, 400));

    // A test peer must survive its own bugs: record them (tests see them as violations).
    process.on('uncaughtException', err => endpoint.peerError(null, err));
    process.on('unhandledRejection', err => endpoint.peerError(null, err));

    const shutdown = () => {
        server.closeAllConnections?.();
        process.exit(0);
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
    if (options.exitWithStdin) {
        process.stdin.on('end', shutdown);
        process.stdin.on('close', shutdown);
        process.stdin.resume();
    }

    server.listen(options.port, options.host, () => {
        process.stdout.write(JSON.stringify({ ready: true, port: server.address().port }) + '\n');
    });
}

try {
    main();
} catch (err) {
    console.error(err?.stack ?? String(err));
    process.exit(1);
}
