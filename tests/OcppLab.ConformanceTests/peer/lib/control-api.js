'use strict';
// HTTP control API used by the test harness. Every request is validated strictly: a typo in
// a test must come back as a 400 with a reason, never as silently ignored configuration (and
// never crash the peer).

const { STATUS_CODES } = require('http');
const { CP_ACTIONS, ANY_ERROR_CODE, SUPPORTED_PROTOCOLS } = require('./protocol');
const { validate, hasSchema } = require('./validation');
const { isPlainObject } = require('./frames');
const { DEFAULT_BOOT } = require('./store');

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_TIMEOUT_MS = 10 * 60 * 1000;
const BOOT_STATUSES = ['Accepted', 'Pending', 'Rejected'];

class BadRequest extends Error {}

function createControlApi(store, endpoint) {
    const routes = [
        route('POST', '/_control/reset', async () => {
            store.reset();
            return ok({ ok: true });
        }),
        route('POST', '/_control/offline', async () => {
            // Frames and violations are kept: the point is to see what the CP does across the outage.
            store.offline = true;
            endpoint.closeAll(1001, 'CSMS going offline');
            return ok({ ok: true });
        }),
        route('POST', '/_control/online', async () => {
            store.offline = false;
            return ok({ ok: true });
        }),
        route('GET', '/_control/violations', async ({ query }) => {
            const identity = query.get('identity');
            const violations = identity === null ? store.violations : store.violations.filter(v => v.identity === identity);
            return ok({ violations });
        }),
        route('GET', '/_control/identities', async ({ query }) => {
            // Every identity the peer knows (connected once, configured or refused), in one answer:
            // a test with a fleet of chargers reads them all at once instead of one request each.
            const prefix = query.get('prefix') ?? '';
            const identities = [];
            for (const record of store.identities.values()) {
                if (record.identity.startsWith(prefix)) {
                    identities.push(record.describe());
                }
            }
            return ok({ identities });
        }),
        route('GET', '/_control/identities/:identity', async ({ params }) => {
            const record = store.peek(params.identity);
            return ok(record ? record.describe() : {
                identity: params.identity, connected: false, protocol: null, connections: 0,
                open_connections: 0, max_open_connections: 0, last_close_code: null, last_close_by: null, auth_username: null, auth_failures: 0, refused_upgrades: [], boot_status: null,
            });
        }),
        route('PUT', '/_control/identities/:identity', async ({ params, body }) => {
            const record = store.identity(params.identity);
            record.config = parseIdentityConfig(body);
            record.bootIndex = 0;
            return ok({ ok: true });
        }),
        route('GET', '/_control/identities/:identity/frames', async ({ params }) => {
            return ok({ frames: store.peek(params.identity)?.frames ?? [] });
        }),
        route('PUT', '/_control/identities/:identity/responses/:action', async ({ params, body }) => {
            const override = parseOverride(params.action, body);
            store.identity(params.identity).overrides.set(params.action, override);
            return ok({ ok: true });
        }),
        route('DELETE', '/_control/identities/:identity/responses/:action', async ({ params }) => {
            const removed = store.peek(params.identity)?.overrides.delete(params.action) ?? false;
            return ok({ ok: true, removed });
        }),
        route('POST', '/_control/identities/:identity/call', async ({ params, body }) => {
            return endpoint.call(params.identity, parseCall(body));
        }),
        route('POST', '/_control/identities/:identity/disconnect', async ({ params, body }) => {
            const request = parseDisconnect(body);
            return endpoint.disconnect(params.identity, request)
                ? ok({ ok: true })
                : { status: 404, body: { error: `${params.identity} is not connected` } };
        }),
    ];

    return async function handle(req, res) {
        try {
            const url = new URL('http://peer' + (req.url || '/'));
            const matches = routes.map(r => ({ r, params: r.match(url.pathname) })).filter(m => m.params);
            if (matches.length === 0) {
                return send(res, 404, { error: `no route for ${url.pathname}` });
            }
            const match = matches.find(m => m.r.method === req.method);
            if (!match) {
                res.setHeader('Allow', matches.map(m => m.r.method).join(', '));
                return send(res, 405, { error: `${req.method} not allowed on ${url.pathname}` });
            }
            const body = await readJson(req);
            const { status, body: answer } = await match.r.handler({ params: match.params, query: url.searchParams, body });
            return send(res, status, answer);
        } catch (err) {
            if (err instanceof BadRequest) {
                return send(res, 400, { error: err.message });
            }
            store.addViolation(null, 'peer_error', `control API: ${err?.stack ?? err}`);
            return send(res, 500, { error: String(err?.message ?? err) });
        }
    };
}

// -- routing ---------------------------------------------------------------------------------

function route(method, pattern, handler) {
    const names = [];
    const regex = new RegExp('^' + pattern.replace(/:([a-z]+)/g, (_, name) => {
        names.push(name);
        return '([^/]+)';
    }) + '$');
    return {
        method,
        handler,
        match(pathname) {
            const m = regex.exec(pathname);
            if (!m) {
                return null;
            }
            const params = {};
            names.forEach((name, i) => {
                try {
                    params[name] = decodeURIComponent(m[i + 1]);
                } catch {
                    throw new BadRequest(`bad percent-encoding in ${name}`);
                }
            });
            return params;
        },
    };
}

function ok(body) {
    return { status: 200, body };
}

function send(res, status, body) {
    if (res.headersSent) {
        res.end();
        return;
    }
    const text = JSON.stringify(body ?? { status: STATUS_CODES[status] });
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
}

function readJson(req) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        req.on('data', chunk => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                reject(new BadRequest(`body larger than ${MAX_BODY_BYTES} bytes`));
                req.destroy();
                return;
            }
            chunks.push(chunk);
        });
        req.on('error', reject);
        req.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8').trim();
            if (text === '') {
                resolve({});
                return;
            }
            try {
                resolve(JSON.parse(text));
            } catch (err) {
                reject(new BadRequest(`body is not JSON: ${err.message}`));
            }
        });
    });
}

// -- request bodies ----------------------------------------------------------------------------

function expectObject(value, what) {
    if (!isPlainObject(value)) {
        throw new BadRequest(`${what} must be a JSON object`);
    }
}

function allowOnly(value, keys, what) {
    const unknown = Object.keys(value).filter(k => !keys.includes(k));
    if (unknown.length > 0) {
        throw new BadRequest(`${what}: unknown field(s) ${unknown.join(', ')}; allowed: ${keys.join(', ')}`);
    }
}

function integerIn(value, min, max, what) {
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new BadRequest(`${what} must be an integer between ${min} and ${max}`);
    }
    return value;
}

function optionalBoolean(value, what, fallback) {
    if (value === undefined) {
        return fallback;
    }
    if (typeof value !== 'boolean') {
        throw new BadRequest(`${what} must be true or false`);
    }
    return value;
}

function parseIdentityConfig(body) {
    expectObject(body, 'identity configuration');
    allowOnly(body, ['boot', 'password', 'heartbeat_interval'], 'identity configuration');

    let boot = DEFAULT_BOOT;
    if (body.boot !== undefined && body.boot !== null) {
        if (!Array.isArray(body.boot) || body.boot.length === 0) {
            throw new BadRequest('boot must be a non-empty array of {status, interval}');
        }
        boot = body.boot.map((step, i) => {
            expectObject(step, `boot[${i}]`);
            allowOnly(step, ['status', 'interval'], `boot[${i}]`);
            if (!BOOT_STATUSES.includes(step.status)) {
                throw new BadRequest(`boot[${i}].status must be one of ${BOOT_STATUSES.join(', ')}`);
            }
            const interval = step.interval === undefined ? undefined : integerIn(step.interval, 0, 2_147_483_647, `boot[${i}].interval`);
            return Object.freeze({ status: step.status, interval });
        });
    }

    let password = null;
    if (body.password !== undefined && body.password !== null) {
        if (typeof body.password !== 'string' || body.password.length === 0) {
            throw new BadRequest('password must be a non-empty string');
        }
        password = body.password;
    }

    let heartbeatInterval = null;
    if (body.heartbeat_interval !== undefined && body.heartbeat_interval !== null) {
        heartbeatInterval = integerIn(body.heartbeat_interval, 0, 2_147_483_647, 'heartbeat_interval');
    }

    return { boot: Object.freeze(boot), password, heartbeatInterval };
}

function isCpAction(action) {
    return SUPPORTED_PROTOCOLS.some(p => CP_ACTIONS[p].includes(action));
}

function parseOverride(action, body) {
    expectObject(body, 'override');
    allowOnly(body, ['payload', 'error', 'no_answer', 'delay_ms', 'strict'], 'override');
    const strict = optionalBoolean(body.strict, 'strict', true);
    const kinds = ['payload', 'error', 'no_answer'].filter(k => body[k] !== undefined);
    if (kinds.length > 1) {
        throw new BadRequest(`give only one of payload, error, no_answer (got ${kinds.join(', ')})`);
    }
    if (kinds.length === 0 && body.delay_ms === undefined) {
        throw new BadRequest('give one of payload, error, no_answer (optionally with delay_ms), or delay_ms alone');
    }
    if (strict && !isCpAction(action)) {
        throw new BadRequest(`${action} is not a charge-point-initiated action in ${SUPPORTED_PROTOCOLS.join(' or ')}`);
    }

    const override = { strict, delayMs: 0, noAnswer: false, error: null, payload: undefined };
    if (body.delay_ms !== undefined) {
        override.delayMs = integerIn(body.delay_ms, 0, MAX_TIMEOUT_MS, 'delay_ms');
    }

    if (body.no_answer !== undefined) {
        if (body.no_answer !== true) {
            throw new BadRequest('no_answer must be true');
        }
        if (override.delayMs) {
            throw new BadRequest('delay_ms makes no sense with no_answer');
        }
        override.noAnswer = true;
    } else if (body.error !== undefined) {
        expectObject(body.error, 'error');
        allowOnly(body.error, ['code', 'description', 'details'], 'error');
        const { code, description = '', details = {} } = body.error;
        if (typeof code !== 'string' || code === '') {
            throw new BadRequest('error.code must be a non-empty string');
        }
        if (strict && !ANY_ERROR_CODE.has(code)) {
            throw new BadRequest(`error.code ${code} is not an OCPP-J error code (send it with "strict": false if that is the point)`);
        }
        if (typeof description !== 'string') {
            throw new BadRequest('error.description must be a string');
        }
        expectObject(details, 'error.details');
        override.error = { code, description, details };
    } else if (body.payload !== undefined) {
        if (strict) {
            expectObject(body.payload, 'payload');
            validateAnswerForSomeVersion(action, body.payload);
        } else if (body.payload === null || typeof body.payload !== 'object') {
            throw new BadRequest('an unchecked payload must still be a JSON object or array');
        }
        override.payload = body.payload;
    }
    return Object.freeze(override);
}

/** The identity's version may not be known yet, so the answer must fit at least one version. */
function validateAnswerForSomeVersion(action, payload) {
    const errors = [];
    for (const protocol of SUPPORTED_PROTOCOLS) {
        if (!hasSchema(protocol, action, 'conf')) {
            continue;
        }
        try {
            validate(protocol, action, 'conf', payload);
            return;
        } catch (err) {
            errors.push(`${protocol}: ${err.message}`);
        }
    }
    throw new BadRequest(`payload is not a valid ${action} answer (${errors.join('; ')}); use "strict": false to send it anyway`);
}

function parseCall(body) {
    expectObject(body, 'call');
    allowOnly(body, ['action', 'payload', 'timeout_ms', 'strict'], 'call');
    if (typeof body.action !== 'string' || body.action === '') {
        throw new BadRequest('action must be a non-empty string');
    }
    const strict = optionalBoolean(body.strict, 'strict', true);
    const payload = body.payload === undefined ? {} : body.payload;
    if (strict) {
        expectObject(payload, 'payload');
    } else if (payload === null || typeof payload !== 'object') {
        throw new BadRequest('an unchecked payload must still be a JSON object or array');
    }
    const timeoutMs = body.timeout_ms === undefined ? 30_000 : integerIn(body.timeout_ms, 1, MAX_TIMEOUT_MS, 'timeout_ms');
    return { action: body.action, payload, timeoutMs, strict };
}

function parseDisconnect(body) {
    expectObject(body, 'disconnect');
    allowOnly(body, ['code', 'reason', 'force'], 'disconnect');
    const code = body.code === undefined ? 1001 : body.code;
    // The codes an endpoint may send in a close frame (RFC 6455 §7.4).
    const valid = Number.isInteger(code) && ((code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || (code >= 3000 && code <= 4999));
    if (!valid) {
        throw new BadRequest('code must be a WebSocket close code an endpoint may send (1000-1003, 1007-1014, 3000-4999)');
    }
    const reason = body.reason === undefined ? '' : body.reason;
    if (typeof reason !== 'string' || Buffer.byteLength(reason) > 123) {
        throw new BadRequest('reason must be a string of at most 123 bytes');
    }
    return { code, reason, force: optionalBoolean(body.force, 'force', false) };
}

module.exports = { createControlApi };
