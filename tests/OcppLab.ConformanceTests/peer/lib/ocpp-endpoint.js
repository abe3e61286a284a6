'use strict';
// The OCPP side of the peer: an ocpp-rpc RPCServer in strict mode plus the checks ocpp-rpc
// does not make. Every inbound frame is inspected (and recorded) before ocpp-rpc handles it,
// every outbound frame passes through an instrumented sendRaw that fixes CALLERROR codes and
// records the exact text that went on the wire.

const { RPCServer, NOREPLY, TimeoutError } = require('ocpp-rpc');
const { setTimeout: sleep } = require('timers/promises');
const { OCPP16, OCPP201, SUPPORTED_PROTOCOLS, CP_ACTIONS, normalizeErrorCode, permittedByCsmsCall } = require('./protocol');
const { validators, validate, markUnchecked, checkTimestamps } = require('./validation');
const { CALL, CALLRESULT, CALLERROR, inspectInbound } = require('./frames');
const { Connection } = require('./store');
const { defaultAnswer } = require('./defaults');

// Attached to the error of a failed CSMS call so the control API can tell a CALLERROR, an
// invalid CALLRESULT, a timeout and a disconnect apart.
const CALL_INFO = Symbol('csmsCallInfo');

const MAX_ERROR_DESCRIPTION_201 = 255;

function rpcError(code, description, details) {
    // ocpp-rpc's createRPCError turns codes it does not know into GenericError; a plain Error
    // carrying rpcErrorCode is sent with exactly the code given.
    const error = new Error(description ?? '');
    error.rpcErrorCode = code;
    error.details = details ?? {};
    return error;
}

function basicAuthUsername(header) {
    if (typeof header !== 'string') {
        return null;
    }
    const match = /^\s*basic\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header);
    if (!match) {
        return null;
    }
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? decoded : decoded.slice(0, colon);
}

class OcppEndpoint {
    constructor(store) {
        this.store = store;
        this.server = new RPCServer({
            protocols: SUPPORTED_PROTOCOLS,
            strictMode: true,
            strictModeValidators: Object.values(validators),
            callTimeoutMs: 30_000,
            pingIntervalMs: 30_000,
        });
        this.server.auth((accept, reject, handshake) => this.authenticate(accept, reject, handshake));
        this.server.on('client', client => this.guard(null, () => this.onClient(client)));
        this.server.on('error', err => this.peerError(null, err));
    }

    /** Hands a WebSocket upgrade (path and offline mode already checked) to ocpp-rpc. */
    handleUpgrade(request, socket, head) {
        return this.server.handleUpgrade(request, socket, head);
    }

    // -- connection set-up -----------------------------------------------------------------

    authenticate(accept, reject, handshake) {
        const record = this.store.identity(handshake.identity);
        record.authUsername = basicAuthUsername(handshake.headers.authorization);

        const expected = record.config.password;
        if (expected !== null) {
            // ocpp-rpc fills handshake.password only when the Basic-auth username equals the
            // identity, which is exactly the rule (A00.FR.207).
            const given = handshake.password;
            if (!given || !given.equals(Buffer.from(expected, 'utf8'))) {
                record.authFailures++;
                record.refusedUpgrade(401);
                reject(401, 'Unauthorized');
                return;
            }
        }

        // Honour the charge point's order of preference rather than ocpp-rpc's server order.
        // With no shared subprotocol ocpp-rpc would silently accept without strict checks; the
        // spec says to complete the handshake without one and close, which onClient does.
        const protocol = [...handshake.protocols].find(p => SUPPORTED_PROTOCOLS.includes(p));
        accept({ record }, protocol ?? false);
    }

    onClient(client) {
        const record = client.session.record;
        const conn = new Connection(record, client, ++record.connectionCount);
        record.current = conn;
        record.liveConnections.add(conn);
        record.maxOpenConnections = Math.max(record.maxOpenConnections, record.openConnectionCount());
        if (conn.protocol) {
            record.lastProtocol = conn.protocol;
        }

        this.instrumentOutbound(conn);
        // 'message' and 'badMessage' are emitted synchronously inside ocpp-rpc's frame handling,
        // before it dispatches a call, so these listeners see each frame first.
        client.on('message', ({ message, outbound }) => {
            if (!outbound) {
                this.guard(conn, () => this.onInbound(conn, String(message)));
            }
        });
        client.on('badMessage', event => this.guard(conn, () => this.onBadMessage(conn, event)));
        client.on('strictValidationFailure', event => this.guard(conn, () => this.onStrictFailure(conn, event)));
        client.on('callResult', event => {
            if (event.outbound) {
                conn.csmsCalls.delete(event.messageId);
            }
        });
        client.on('callError', event => this.guard(conn, () => this.onCsmsCallFailed(conn, event)));
        client.on('socketError', () => { /* the close event that follows is what matters */ });
        client.on('close', ({ code }) => {
            // ws reports the code in the charge point's close frame, which for a close the peer
            // started is only the echo; the code the peer chose is the meaningful one then.
            record.lastCloseCode = conn.closeSent ? conn.closeSent.code : code ?? null;
            record.lastCloseBy = conn.closeSent ? 'csms' : 'charge_point';
            record.liveConnections.delete(conn);
            if (record.current === conn) {
                record.current = null;
            }
        });

        if (!conn.protocol) {
            const offered = [...client.handshake.protocols].join(', ') || '(none)';
            this.violation(conn, 'no_shared_subprotocol', `the charge point offered ${offered}; supported: ${SUPPORTED_PROTOCOLS.join(', ')}`, null);
            this.close(conn, { code: 1002, reason: 'No shared OCPP subprotocol' });
            return;
        }

        // One handler per action: with a wildcard handler ocpp-rpc would answer unknown
        // actions with ProtocolError instead of NotImplemented.
        for (const action of CP_ACTIONS[conn.protocol]) {
            client.handle(action, call => this.answer(conn, call));
        }
    }

    // -- inbound ----------------------------------------------------------------------------

    onInbound(conn, text) {
        this.store.recordFrame(conn, 'cp_to_csms', text);
        if (!conn.protocol) {
            return; // the connection is being closed; nothing to check against
        }

        const frame = inspectInbound(conn.protocol, text);
        conn.currentInbound = { text, flagged: frame.malformed };
        for (const problem of frame.problems) {
            this.violation(conn, problem.kind, problem.detail, text);
        }
        if (frame.malformed) {
            return;
        }
        if (frame.type === CALL) {
            this.onInboundCall(conn, frame, text);
        } else {
            this.onInboundAnswer(conn, frame, text);
        }
    }

    onInboundCall(conn, { id, action, payload }, text) {
        const record = conn.record;
        const report = (kind, detail) => this.violation(conn, kind, detail, text);

        if (!CP_ACTIONS[conn.protocol].includes(action)) {
            report('unknown_action', `${action} is not a charge-point-initiated ${conn.protocol} action`);
        }

        // Message ids are unique per identity across connections. 1.6 (errata 2025-04) lets a
        // retry reuse its id; 2.0.1 Ed3 does not.
        const payloadText = JSON.stringify(payload);
        const previous = record.callIds.get(id);
        if (previous) {
            const isRetry = previous.action === action && previous.payloadText === payloadText;
            if (!(isRetry && conn.protocol === OCPP16)) {
                report('message_id_reused', `message id "${id}" was already used for ${previous.action}${isRetry ? ' (a retry reusing its id is not allowed in 2.0.1)' : ''}`);
            }
        } else {
            record.callIds.set(id, { action, payloadText });
        }

        // One outstanding CALL per direction (1.6-J §4.1.1 SHOULD, 2.0.1 SHALL). Calls the peer
        // deliberately leaves unanswered are forgotten (see answer()): the charge point may
        // send again after its own, implementation-defined timeout.
        if (conn.outstandingCpCalls.size > 0) {
            const pending = [...conn.outstandingCpCalls].map(([pendingId, pendingAction]) => `${pendingAction} (${pendingId})`).join(', ');
            report('concurrent_call', `${action} (${id}) sent while ${pending} was still unanswered`);
        }
        conn.outstandingCpCalls.set(id, action);
        conn.cpCallActions.set(id, action);

        // Nothing but BootNotification before a boot was Accepted or Pending; while Pending,
        // only what the CSMS asked for. The CSMS answers those with SecurityError.
        if (action !== 'BootNotification') {
            const status = record.bootStatus;
            if (status === 'Pending') {
                if (!record.pendingPermits.has(action)) {
                    report('call_while_pending', `${action} sent while the boot is Pending and the CSMS did not request it`);
                    conn.gatedCalls.add(id);
                }
            } else if (status !== 'Accepted') {
                report('call_before_boot', `${action} sent before a BootNotification was Accepted or Pending (last boot status: ${status ?? 'none'})`);
                conn.gatedCalls.add(id);
            }
        }

        for (const problem of checkTimestamps(conn.protocol, action, 'req', payload)) {
            report(problem.kind, problem.detail);
        }
    }

    onInboundAnswer(conn, frame, text) {
        const call = conn.csmsCalls.get(frame.id);
        if (!call) {
            // ocpp-rpc reports this one as a bad message too; keep the more precise kind.
            conn.currentInbound.flagged = true;
            const timedOut = conn.timedOutCalls.get(frame.id);
            if (timedOut) {
                this.violation(conn, 'late_response', `answer to ${timedOut} (${frame.id}) arrived after the CSMS call timed out`, text);
            } else {
                this.violation(conn, 'unknown_response_id', `no CSMS call with id "${frame.id}" is waiting for an answer`, text);
            }
            return;
        }
        if (frame.type === CALLRESULT) {
            call.response = { type: 'result', payload: frame.payload };
            for (const problem of checkTimestamps(conn.protocol, call.action, 'conf', frame.payload)) {
                this.violation(conn, problem.kind, problem.detail, text);
            }
        } else {
            call.response = { type: 'error', error: frame.error };
        }
    }

    onBadMessage(conn, { error }) {
        if (conn.currentInbound?.flagged) {
            return; // already recorded with a precise kind
        }
        this.violation(conn, 'bad_message', error?.message ?? String(error), conn.currentInbound?.text ?? null);
    }

    onStrictFailure(conn, { method, error, outbound, isCall }) {
        const detail = `${method}: ${error?.rpcErrorCode ?? error?.name}: ${error?.message}`;
        if (!outbound) {
            // A CALL from the charge point, or its CALLRESULT to one of our calls; both are
            // emitted synchronously while the frame is being handled.
            this.violation(conn, isCall ? 'schema_call' : 'schema_result', detail, conn.currentInbound?.text ?? null);
        } else if (!isCall) {
            // Our own answer is invalid: a test configured a bad override. ocpp-rpc sends
            // InternalError instead; make the mistake loud.
            this.violation(conn, 'csms_invalid_response', `the peer's answer is not schema-valid (check the override): ${detail}`, null);
        }
        // An invalid outbound CALL is refused by the control API before it reaches ocpp-rpc.
    }

    onCsmsCallFailed(conn, event) {
        if (!event.outbound) {
            return;
        }
        const info = conn.csmsCalls.get(event.messageId) ?? null;
        conn.csmsCalls.delete(event.messageId);
        if (event.error instanceof TimeoutError) {
            conn.timedOutCalls.set(event.messageId, event.method);
        }
        if (event.error !== null && typeof event.error === 'object') {
            event.error[CALL_INFO] = info;
        }
    }

    // -- answering CP calls -----------------------------------------------------------------

    async answer(conn, { messageId, method, params, signal }) {
        const record = conn.record;
        if (conn.gatedCalls.delete(messageId)) {
            throw rpcError('SecurityError', `${method} is not allowed before the BootNotification is accepted`);
        }

        const override = record.overrides.get(method);
        if (!override) {
            return this.defaultAnswer(conn, method, params);
        }
        if (override.strict === false) {
            conn.uncheckedAnswers.add(messageId);
        }
        if (override.delayMs) {
            await sleep(override.delayMs, undefined, { signal });
        }
        if (override.noAnswer) {
            // Not answering on purpose: the CP may go on once its own timeout expires.
            conn.outstandingCpCalls.delete(messageId);
            conn.cpCallActions.delete(messageId);
            return NOREPLY;
        }
        if (override.error) {
            throw rpcError(override.error.code, override.error.description, override.error.details);
        }
        if (override.payload !== undefined) {
            const payload = structuredClone(override.payload);
            return override.strict === false ? markUnchecked(payload) : payload;
        }
        return this.defaultAnswer(conn, method, params);
    }

    defaultAnswer(conn, method, params) {
        const record = conn.record;
        return defaultAnswer(conn.protocol, method, params, {
            bootStep: () => record.nextBootStep(),
            heartbeatInterval: record.config.heartbeatInterval,
            nextTransactionId: () => this.store.nextTransactionId++,
        });
    }

    // -- outbound ---------------------------------------------------------------------------

    /**
     * Wraps the client's sendRaw (every frame ocpp-rpc sends goes through it) to fix CALLERROR
     * codes and descriptions for the negotiated version and to record the exact wire text.
     */
    instrumentOutbound(conn) {
        const client = conn.client;
        const send = client.sendRaw.bind(client);
        client.sendRaw = message => {
            let text = String(message);
            let drop = false;
            this.guard(conn, () => {
                const outcome = this.beforeSend(conn, text);
                drop = outcome === null;
                text = outcome ?? text;
            });
            if (drop) {
                return;
            }
            send(text);
            this.store.recordFrame(conn, 'csms_to_cp', text);
        };
    }

    /** Returns the text to send, or null to drop the frame. */
    beforeSend(conn, text) {
        let frame;
        try {
            frame = JSON.parse(text);
        } catch {
            return text;
        }
        if (!Array.isArray(frame)) {
            return text;
        }

        const [type, id] = frame;
        if (type === CALL) {
            this.beforeCsmsCall(conn, frame);
            return text;
        }
        if (type !== CALLRESULT && type !== CALLERROR) {
            return text;
        }

        const unchecked = conn.uncheckedAnswers.delete(id);
        let out = text;
        if (type === CALLERROR && !unchecked) {
            out = this.normalizeCallError(conn.protocol, frame, text);
        }
        this.afterAnswer(conn, frame);
        return out;
    }

    normalizeCallError(protocol, frame, text) {
        const [, id, code, description, details] = frame;
        const normalizedCode = normalizeErrorCode(protocol, code);
        if (normalizedCode === null) {
            return null;
        }
        let normalizedDescription = typeof description === 'string' ? description : String(description ?? '');
        if (protocol === OCPP201 && normalizedDescription.length > MAX_ERROR_DESCRIPTION_201) {
            normalizedDescription = normalizedDescription.slice(0, MAX_ERROR_DESCRIPTION_201 - 3) + '...';
        }
        if (normalizedCode === code && normalizedDescription === description) {
            return text;
        }
        return JSON.stringify([CALLERROR, id, normalizedCode, normalizedDescription, details ?? {}]);
    }

    afterAnswer(conn, [type, id, payload]) {
        const record = conn.record;
        conn.outstandingCpCalls.delete(id);
        conn.gatedCalls.delete(id);
        const action = conn.cpCallActions.get(id);
        conn.cpCallActions.delete(id);
        // Boot state follows what was actually answered, default or override alike.
        if (action === 'BootNotification' && type === CALLRESULT && payload && typeof payload.status === 'string') {
            record.bootStatus = payload.status;
            record.pendingPermits.clear();
        }
    }

    beforeCsmsCall(conn, [, id, action, payload]) {
        conn.csmsCalls.set(id, { action, response: null });
        for (const permitted of permittedByCsmsCall(conn.protocol, action, payload)) {
            conn.record.pendingPermits.add(permitted);
        }
    }

    // -- control operations -----------------------------------------------------------------

    /** Sends a CALL to a connected charge point; resolves to {status, body} for the control API. */
    async call(identity, { action, payload, timeoutMs, strict }) {
        const conn = this.store.peek(identity)?.current;
        if (!conn || !conn.protocol) {
            return { status: 404, body: { error: `${identity} is not connected` } };
        }

        if (strict) {
            // Strict mode guards what the CSMS sends too, so a test cannot send an invalid call
            // by mistake; negative tests opt out per call.
            try {
                validate(conn.protocol, action, 'req', payload);
            } catch (err) {
                return { status: 400, body: { error: `invalid ${conn.protocol} ${action} request: ${err.message}`, code: err.rpcErrorCode ?? null } };
            }
        } else {
            markUnchecked(payload);
        }

        try {
            const result = await conn.client.call(action, payload, { callTimeoutMs: timeoutMs });
            return { status: 200, body: { ok: true, result } };
        } catch (err) {
            return { status: 200, body: this.describeCallFailure(err) };
        }
    }

    describeCallFailure(err) {
        if (err instanceof TimeoutError) {
            return { ok: false, timeout: true };
        }
        const response = err?.[CALL_INFO]?.response;
        if (response?.type === 'error') {
            // Report the CALLERROR exactly as the charge point sent it.
            const { code, description, details } = response.error;
            return { ok: false, error: { code, description, details } };
        }
        if (response?.type === 'result') {
            return {
                ok: false,
                invalid_result: true,
                result: response.payload,
                error: { code: err.rpcErrorCode ?? 'GenericError', description: err.message, details: {} },
            };
        }
        return { ok: false, disconnected: true, error: { code: 'Disconnected', description: err?.message ?? String(err), details: {} } };
    }

    disconnect(identity, { code, reason, force }) {
        const conn = this.store.peek(identity)?.current;
        if (!conn) {
            return false;
        }
        this.close(conn, { code, reason, force });
        return true;
    }

    closeAll(code, reason) {
        for (const record of this.store.identities.values()) {
            if (record.current) {
                this.close(record.current, { code, reason });
            }
        }
    }

    /** Closes a connection from the CSMS side; force drops it without a close frame (1006). */
    close(conn, { code, reason, force = false }) {
        conn.closeSent ??= { code: force ? 1006 : code };
        conn.client.close(force ? { force: true } : { code, reason }).catch(() => {});
    }

    // -- helpers ----------------------------------------------------------------------------

    violation(conn, kind, detail, frame) {
        this.store.addViolation(conn.record.identity, kind, detail, frame, conn.number);
    }

    /** Runs peer logic so that a bug in it is recorded instead of leaking into ocpp-rpc. */
    guard(conn, fn) {
        try {
            fn();
        } catch (err) {
            this.peerError(conn?.record.identity ?? null, err);
        }
    }

    peerError(identity, err) {
        this.store.addViolation(identity, 'peer_error', err?.stack ?? String(err));
        console.error(err);
    }
}

module.exports = { OcppEndpoint };
