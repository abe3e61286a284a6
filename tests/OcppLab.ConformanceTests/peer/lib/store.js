'use strict';
// Everything the peer remembers: per-identity configuration (set by tests), the live session
// of each charge point, recorded frames and violations. Test data is what /_control/reset
// clears; session state of a still-connected charge point survives a reset so that a reset
// between tests never makes a connected, booted charger look unbooted.

// No interval: Accepted answers then use heartbeat_interval when configured, else 300.
const DEFAULT_BOOT = Object.freeze([Object.freeze({ status: 'Accepted', interval: undefined })]);

class IdentityRecord {
    constructor(identity) {
        this.identity = identity;
        this.clearTestData();
        // Session state of the charge point.
        this.current = null;            // live Connection, if any
        this.lastProtocol = null;
        this.connectionCount = 0;
        this.liveConnections = new Set(); // connections accepted and not closed yet
        this.maxOpenConnections = 0;    // the most that were ever open at once
        this.lastCloseCode = null;
        this.lastCloseBy = null;        // 'csms' (control API / peer) or 'charge_point'
        this.authUsername = null;
        this.authFailures = 0;
        this.refusedUpgrades = [];     // handshakes refused (offline 503, Basic auth 401): {time, status}
        this.bootStatus = null;         // status of the last BootNotification answer
        this.pendingPermits = new Set();// CP actions the CSMS asked for while Pending
        this.callIds = new Map();       // CALL ids the CP used: id -> {action, payloadText}
    }

    clearTestData() {
        this.config = { boot: DEFAULT_BOOT, password: null, heartbeatInterval: null };
        this.bootIndex = 0;
        this.overrides = new Map();     // action -> override
        this.frames = [];
    }

    /**
     * Connections still open at the WebSocket level. One whose close handshake has begun (a close
     * frame received or sent, or the TCP end read) no longer counts, even if its socket's 'close'
     * event is still queued behind other work in a busy event loop: the charge point was done with it.
     */
    openConnectionCount() {
        let open = 0;
        for (const conn of this.liveConnections) {
            if (conn.isOpen()) {
                open++;
            }
        }
        return open;
    }

    /** A handshake of this identity that the peer refused with an HTTP status. */
    refusedUpgrade(status) {
        this.refusedUpgrades.push({ time: new Date().toISOString(), status });
    }

    /** The next step of the configured boot sequence; the last one repeats. */
    nextBootStep() {
        const steps = this.config.boot;
        const step = steps[Math.min(this.bootIndex, steps.length - 1)];
        this.bootIndex++;
        return step;
    }

    describe() {
        return {
            identity: this.identity,
            connected: this.current !== null,
            protocol: this.current?.protocol || this.lastProtocol || null,
            connections: this.connectionCount,
            open_connections: this.openConnectionCount(),
            max_open_connections: this.maxOpenConnections,
            last_close_code: this.lastCloseCode,
            last_close_by: this.lastCloseBy,
            auth_username: this.authUsername,
            auth_failures: this.authFailures,
            refused_upgrades: this.refusedUpgrades,
            boot_status: this.bootStatus,
        };
    }
}

/** One WebSocket connection of a charge point, with the per-connection RPC bookkeeping. */
class Connection {
    constructor(record, client, number) {
        this.record = record;
        this.client = client;
        this.number = number;
        this.protocol = client.protocol || null;
        this.outstandingCpCalls = new Map(); // CP CALLs not answered yet: id -> action
        this.cpCallActions = new Map();      // CP CALL id -> action (to interpret our answers)
        this.gatedCalls = new Set();         // CP CALL ids to answer with SecurityError
        this.uncheckedAnswers = new Set();   // CP CALL ids whose answer is sent exactly as configured
        this.csmsCalls = new Map();          // our CALL id -> {action, response}
        this.timedOutCalls = new Map();      // our CALL ids that timed out -> action
        this.currentInbound = null;          // {text, flagged} of the frame being processed
        this.closeSent = null;               // {code} when the peer closed this connection
    }

    /** Whether the WebSocket is OPEN (ws readyState 1; ocpp-rpc 2.2.1 keeps its ws as _ws). */
    isOpen() {
        const ws = this.client._ws;
        return ws ? ws.readyState === 1 : this.client.state === 1;
    }
}

class Store {
    constructor() {
        this.identities = new Map();
        this.violations = [];
        this.offline = false;
        this.nextTransactionId = 1; // never reset: transaction ids stay unique for the whole run
    }

    identity(identity) {
        let record = this.identities.get(identity);
        if (!record) {
            record = new IdentityRecord(identity);
            this.identities.set(identity, record);
        }
        return record;
    }

    peek(identity) {
        return this.identities.get(identity) ?? null;
    }

    recordFrame(connection, direction, message) {
        connection.record.frames.push({
            direction,
            message,
            time: new Date().toISOString(),
            connection: connection.number,
        });
    }

    addViolation(identity, kind, detail, frame = null, connection = null) {
        this.violations.push({
            identity,
            kind,
            detail,
            frame,
            connection,
            time: new Date().toISOString(),
        });
    }

    reset() {
        this.violations = [];
        this.offline = false;
        for (const [identity, record] of this.identities) {
            if (record.current) {
                record.clearTestData();
            } else {
                this.identities.delete(identity);
            }
        }
    }
}

module.exports = { Store, Connection, DEFAULT_BOOT };
