'use strict';
// Structural checks of the frames a charge point sends (OCPP-J RPC framing). ocpp-rpc
// rejects some malformed frames itself but checks neither CALLERROR contents, nor the
// message-id length, nor the element count, so the peer inspects every inbound frame first.

const { ERROR_CODES, OCPP201 } = require('./protocol');

const CALL = 2;
const CALLRESULT = 3;
const CALLERROR = 4;
const MAX_MESSAGE_ID_LENGTH = 36;
const MAX_ERROR_DESCRIPTION_201 = 255;

function isPlainObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Parses one inbound text frame. Returns
 * { type, id, action, payload, error, problems: [{kind, detail}], malformed }
 * where `malformed` means the frame is not a usable CALL/CALLRESULT/CALLERROR at all.
 */
function inspectInbound(protocol, text) {
    const result = { type: undefined, id: undefined, action: undefined, payload: undefined, error: undefined, problems: [], malformed: false };
    const malformed = detail => {
        result.problems.push({ kind: 'malformed_frame', detail });
        result.malformed = true;
        return result;
    };

    if (text.length === 0) {
        return malformed('empty frame');
    }

    let frame;
    try {
        frame = JSON.parse(text);
    } catch (err) {
        return malformed(`not JSON: ${err.message}`);
    }
    if (!Array.isArray(frame)) {
        return malformed('not a JSON array');
    }

    const [type, id] = frame;
    if (![CALL, CALLRESULT, CALLERROR].includes(type)) {
        return malformed(`unknown message type ${JSON.stringify(type)}`);
    }
    result.type = type;
    if (typeof id !== 'string') {
        return malformed(`message id ${JSON.stringify(id)} is not a string`);
    }
    result.id = id;

    switch (type) {
        case CALL: {
            const [, , action, payload] = frame;
            if (frame.length !== 4) {
                return malformed(`CALL has ${frame.length} elements instead of 4`);
            }
            if (typeof action !== 'string') {
                return malformed('CALL action is not a string');
            }
            if (!isPlainObject(payload)) {
                return malformed('CALL payload is not a JSON object');
            }
            result.action = action;
            result.payload = payload;
            if (id.length > MAX_MESSAGE_ID_LENGTH) {
                result.problems.push({ kind: 'message_id_too_long', detail: `message id has ${id.length} characters (max ${MAX_MESSAGE_ID_LENGTH})` });
            }
            break;
        }
        case CALLRESULT: {
            const [, , payload] = frame;
            if (frame.length !== 3) {
                return malformed(`CALLRESULT has ${frame.length} elements instead of 3`);
            }
            if (!isPlainObject(payload)) {
                return malformed('CALLRESULT payload is not a JSON object');
            }
            result.payload = payload;
            break;
        }
        case CALLERROR: {
            const [, , code, description, details] = frame;
            result.error = { code, description, details };
            if (frame.length !== 5) {
                result.problems.push({ kind: 'malformed_callerror', detail: `CALLERROR has ${frame.length} elements instead of 5` });
            }
            if (typeof code !== 'string' || !ERROR_CODES[protocol]?.has(code)) {
                result.problems.push({ kind: 'error_code_not_in_table', detail: `error code ${JSON.stringify(code)} is not in the ${protocol} table` });
            }
            if (typeof description !== 'string') {
                result.problems.push({ kind: 'malformed_callerror', detail: 'errorDescription is not a string' });
            } else if (protocol === OCPP201 && description.length > MAX_ERROR_DESCRIPTION_201) {
                result.problems.push({ kind: 'malformed_callerror', detail: `errorDescription has ${description.length} characters (max ${MAX_ERROR_DESCRIPTION_201})` });
            }
            if (!isPlainObject(details)) {
                result.problems.push({ kind: 'malformed_callerror', detail: 'errorDetails is not a JSON object' });
            }
            break;
        }
    }
    return result;
}

module.exports = { CALL, CALLRESULT, CALLERROR, inspectInbound, isPlainObject };
