'use strict';
// Schema-valid default answers to every CP-initiated action. They are deliberately plain:
// a conformance test that needs something else overrides the answer via the control API.

const { OCPP16, OCPP201, CP_ACTIONS } = require('./protocol');
const { validate } = require('./validation');

function now() {
    return new Date().toISOString();
}

/**
 * ctx: { bootStep(): {status, interval}, heartbeatInterval, nextTransactionId(): number }
 */
const DEFAULTS = {
    [OCPP16]: {
        Authorize: () => ({ idTagInfo: { status: 'Accepted' } }),
        BootNotification: (params, ctx) => bootAnswer(ctx),
        DataTransfer: () => ({ status: 'Accepted' }),
        Heartbeat: () => ({ currentTime: now() }),
        MeterValues: () => ({}),
        StartTransaction: (params, ctx) => ({ transactionId: ctx.nextTransactionId(), idTagInfo: { status: 'Accepted' } }),
        StatusNotification: () => ({}),
        // idTagInfo is optional; answer it when there is an idTag to judge.
        StopTransaction: params => (params && params.idTag !== undefined ? { idTagInfo: { status: 'Accepted' } } : {}),
        DiagnosticsStatusNotification: () => ({}),
        FirmwareStatusNotification: () => ({}),
        SecurityEventNotification: () => ({}),
        SignCertificate: () => ({ status: 'Accepted' }),
        LogStatusNotification: () => ({}),
        SignedFirmwareStatusNotification: () => ({}),
    },
    [OCPP201]: {
        SecurityEventNotification: () => ({}),
        SignCertificate: () => ({ status: 'Accepted' }),
        BootNotification: (params, ctx) => bootAnswer(ctx),
        NotifyReport: () => ({}),
        Authorize: () => ({ idTokenInfo: { status: 'Accepted' } }),
        // idTokenInfo belongs in the answer only when the request carried an idToken.
        TransactionEvent: params => (params && params.idToken !== undefined ? { idTokenInfo: { status: 'Accepted' } } : {}),
        StatusNotification: () => ({}),
        Heartbeat: () => ({ currentTime: now() }),
        ReservationStatusUpdate: () => ({}),
        MeterValues: () => ({}),
        NotifyChargingLimit: () => ({}),
        ClearedChargingLimit: () => ({}),
        NotifyEVChargingNeeds: () => ({ status: 'Accepted' }),
        NotifyEVChargingSchedule: () => ({ status: 'Accepted' }),
        ReportChargingProfiles: () => ({}),
        FirmwareStatusNotification: () => ({}),
        PublishFirmwareStatusNotification: () => ({}),
        Get15118EVCertificate: () => ({ status: 'Accepted', exiResponse: '' }),
        GetCertificateStatus: () => ({ status: 'Accepted' }),
        LogStatusNotification: () => ({}),
        NotifyEvent: () => ({}),
        NotifyMonitoringReport: () => ({}),
        NotifyCustomerInformation: () => ({}),
        NotifyDisplayMessages: () => ({}),
        DataTransfer: () => ({ status: 'Accepted' }),
    },
};

function bootAnswer(ctx) {
    const step = ctx.bootStep();
    const interval = step.interval ?? ctx.heartbeatInterval ?? 300;
    return { status: step.status, currentTime: now(), interval };
}

function defaultAnswer(protocol, action, params, ctx) {
    const build = DEFAULTS[protocol]?.[action];
    if (!build) {
        throw new Error(`no default answer for ${protocol} ${action}`);
    }
    return build(params, ctx);
}

/**
 * Fails fast at start-up if a default answer is missing or not schema-valid, so a broken
 * default shows up as a peer that does not start rather than as a confusing test failure.
 */
function assertDefaultsValid() {
    const ctx = { bootStep: () => ({ status: 'Accepted', interval: 300 }), heartbeatInterval: null, nextTransactionId: () => 1 };
    for (const protocol of [OCPP16, OCPP201]) {
        const handled = Object.keys(DEFAULTS[protocol]).sort().join(',');
        const expected = [...CP_ACTIONS[protocol]].sort().join(',');
        if (handled !== expected) {
            throw new Error(`default answers for ${protocol} do not match the CP action list`);
        }
        const samples = [{}, { idTag: 'TAG', idToken: { idToken: 'TAG', type: 'ISO14443' } }];
        for (const action of CP_ACTIONS[protocol]) {
            for (const params of samples) {
                validate(protocol, action, 'conf', defaultAnswer(protocol, action, params, ctx));
            }
        }
    }
}

module.exports = { defaultAnswer, assertDefaultsValid };
