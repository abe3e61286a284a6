'use strict';
// OCPP facts the peer needs: which actions a charge point may initiate, the CALLERROR
// tables of each version and what a CSMS request permits a Pending charge point to send.
// (Copied from the project's protocol notes; the peer must not read them at run time.)

const OCPP16 = 'ocpp1.6';
const OCPP201 = 'ocpp2.0.1';
const SUPPORTED_PROTOCOLS = [OCPP16, OCPP201];

/** CP → CSMS actions per version. Each gets its own ocpp-rpc handler (see ocpp-endpoint.js). */
const CP_ACTIONS = {
    [OCPP16]: [
        // Core and FirmwareManagement profiles
        'Authorize', 'BootNotification', 'DataTransfer', 'Heartbeat', 'MeterValues',
        'StartTransaction', 'StatusNotification', 'StopTransaction',
        'DiagnosticsStatusNotification', 'FirmwareStatusNotification',
        // Security whitepaper ed3
        'SecurityEventNotification', 'SignCertificate', 'LogStatusNotification',
        'SignedFirmwareStatusNotification',
    ],
    [OCPP201]: [
        'SecurityEventNotification', 'SignCertificate', 'BootNotification', 'NotifyReport',
        'Authorize', 'TransactionEvent', 'StatusNotification', 'Heartbeat',
        'ReservationStatusUpdate', 'MeterValues', 'NotifyChargingLimit', 'ClearedChargingLimit',
        'NotifyEVChargingNeeds', 'NotifyEVChargingSchedule', 'ReportChargingProfiles',
        'FirmwareStatusNotification', 'PublishFirmwareStatusNotification',
        'Get15118EVCertificate', 'GetCertificateStatus', 'LogStatusNotification', 'NotifyEvent',
        'NotifyMonitoringReport', 'NotifyCustomerInformation', 'NotifyDisplayMessages',
        'DataTransfer',
    ],
};

/** The CALLERROR code table of each version, spelled exactly as that version's spec does. */
const ERROR_CODES = {
    [OCPP16]: new Set([
        'NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError',
        'FormationViolation', 'PropertyConstraintViolation', 'OccurenceConstraintViolation',
        'TypeConstraintViolation', 'GenericError',
    ]),
    [OCPP201]: new Set([
        'NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError',
        'FormatViolation', 'PropertyConstraintViolation', 'OccurrenceConstraintViolation',
        'TypeConstraintViolation', 'GenericError', 'MessageTypeNotSupported', 'RpcFrameworkError',
    ]),
};

/** Every spelling of every code of either version (what a control request may ask us to send). */
const ANY_ERROR_CODE = new Set([...ERROR_CODES[OCPP16], ...ERROR_CODES[OCPP201], 'OccurrenceConstraintViolation', 'FormatViolation']);

/**
 * Maps a CALLERROR code the peer is about to send onto the table of the negotiated version.
 * ocpp-rpc 2.2.1 swaps the two Occur… spellings per version, uses the 2.0.1 spelling of
 * Format/Formation outside its call handler, and answers 1.6 frames with codes 1.6 does not
 * have. Returns null when 1.6 says the frame must be ignored rather than answered.
 */
function normalizeErrorCode(protocol, code) {
    if (protocol === OCPP16) {
        switch (code) {
            case 'OccurrenceConstraintViolation': return 'OccurenceConstraintViolation';
            case 'FormatViolation': return 'FormationViolation';
            // 1.6 has no framework error; its closest code for "not a valid PDU" is FormationViolation.
            case 'RpcFrameworkError': return 'FormationViolation';
            // 1.6-J: a message of unknown type SHALL be ignored, not answered.
            case 'MessageTypeNotSupported': return null;
            default: return code;
        }
    }
    if (protocol === OCPP201) {
        switch (code) {
            case 'OccurenceConstraintViolation': return 'OccurrenceConstraintViolation';
            case 'FormationViolation': return 'FormatViolation';
            default: return code;
        }
    }
    return code;
}

/**
 * While a boot is Pending the charge point may send only what the CSMS asked for.
 * Maps a CSMS request (action + payload) to the CP actions it permits.
 */
function permittedByCsmsCall(protocol, action, payload) {
    const requested = payload && typeof payload === 'object' ? payload.requestedMessage : undefined;
    switch (action) {
        case 'TriggerMessage':
        case 'ExtendedTriggerMessage':
            return triggeredActions(protocol, action, requested);
        case 'GetBaseReport':
        case 'GetReport':
            return ['NotifyReport'];
        case 'GetMonitoringReport':
            return ['NotifyMonitoringReport'];
        case 'CustomerInformation':
            return ['NotifyCustomerInformation'];
        case 'GetDisplayMessages':
            return ['NotifyDisplayMessages'];
        case 'GetChargingProfiles':
            return ['ReportChargingProfiles'];
        default:
            return [];
    }
}

function triggeredActions(protocol, action, requested) {
    switch (requested) {
        case 'SignChargePointCertificate':
        case 'SignChargingStationCertificate':
        case 'SignV2GCertificate':
        case 'SignCombinedCertificate':
            return ['SignCertificate'];
        case 'FirmwareStatusNotification':
            // The 1.6 security extension reports signed firmware updates with its own message.
            return protocol === OCPP16 && action === 'ExtendedTriggerMessage'
                ? ['SignedFirmwareStatusNotification']
                : ['FirmwareStatusNotification'];
        case undefined:
            return [];
        default:
            return [String(requested)];
    }
}

module.exports = {
    OCPP16,
    OCPP201,
    SUPPORTED_PROTOCOLS,
    CP_ACTIONS,
    ERROR_CODES,
    ANY_ERROR_CODE,
    normalizeErrorCode,
    permittedByCsmsCall,
};
