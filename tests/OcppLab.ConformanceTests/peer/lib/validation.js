'use strict';
// Schema validation shared by ocpp-rpc's strict mode and the peer's own checks.
//
// The peer hands ocpp-rpc its own validators (built from the very schemas ocpp-rpc ships)
// wrapped so that a payload explicitly marked "unchecked" skips validation. That is how a
// negative test sends an invalid call or answer on purpose without switching strict mode
// off for the whole connection.

const { createValidator } = require('ocpp-rpc');
const { OCPP16, OCPP201 } = require('./protocol');

const SCHEMAS = {
    [OCPP16]: require('ocpp-rpc/lib/schemas/ocpp1_6.json'),
    [OCPP201]: require('ocpp-rpc/lib/schemas/ocpp2_0_1.json'),
};

const schemaById = {};
for (const [protocol, list] of Object.entries(SCHEMAS)) {
    schemaById[protocol] = new Map(list.map(schema => [schema.$id, schema]));
}

/** Payload objects (call params or answers) that must reach the wire without validation. */
const uncheckedPayloads = new WeakSet();

function markUnchecked(payload) {
    if (payload === null || typeof payload !== 'object') {
        throw new TypeError('only a JSON object or array can be sent unchecked');
    }
    uncheckedPayloads.add(payload);
    return payload;
}

const innerValidators = {};
const validators = {};
for (const protocol of Object.keys(SCHEMAS)) {
    const inner = createValidator(protocol, SCHEMAS[protocol]);
    innerValidators[protocol] = inner;
    validators[protocol] = {
        subprotocol: protocol,
        validate(schemaId, payload) {
            if (payload !== null && typeof payload === 'object' && uncheckedPayloads.has(payload)) {
                return true;
            }
            return inner.validate(schemaId, payload);
        },
    };
}

/** Throws ocpp-rpc's RPC error when invalid; `kind` is 'req' or 'conf'. */
function validate(protocol, action, kind, payload) {
    return innerValidators[protocol].validate(`urn:${action}.${kind}`, payload);
}

function hasSchema(protocol, action, kind) {
    return schemaById[protocol]?.has(`urn:${action}.${kind}`) ?? false;
}

// ---------------------------------------------------------------------------------------
// Date-time checks. ajv-formats 2.1.1 (used by ocpp-rpc) lets a date-time without an offset
// through (its time-zone test compares an undefined match group with ""), and also accepts
// a space separator and "+0100", so the peer checks RFC 3339 itself.

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i;
const LOOKS_LIKE_DATE = /^\d{4}-\d{2}-\d{2}/;
// Field names that carry a date-time in OCPP payloads, for fields a schema does not mark.
const DATE_TIME_NAME = /(?:^timestamp|Timestamp|Time|Date)$/;

/**
 * Returns problems ({kind, detail}) with the date-time strings in a CP payload. Fields are
 * found both through the schema (format: date-time) and by name.
 */
function checkTimestamps(protocol, action, kind, payload) {
    const found = new Map(); // path -> {value, declared}
    const schema = schemaById[protocol]?.get(`urn:${action}.${kind}`);
    if (schema) {
        collectDeclared(schema, schema, payload, '$', found, 0);
    }
    collectByName(payload, '$', found, 0);

    const problems = [];
    for (const [path, { value, declared }] of found) {
        const match = RFC3339.exec(value);
        if (!match) {
            // ajv already rejects strings that are no date at all; flag the near misses it lets through.
            if (declared && LOOKS_LIKE_DATE.test(value)) {
                problems.push({ kind: 'timestamp_invalid', detail: `${action} ${path} = "${value}" is not an RFC 3339 date-time` });
            }
            continue;
        }
        if (!match[2]) {
            problems.push({ kind: 'timestamp_without_offset', detail: `${action} ${path} = "${value}" has no Z or UTC offset` });
        } else if (protocol === OCPP201 && match[1] && match[1].length - 1 > 3) {
            problems.push({ kind: 'timestamp_invalid', detail: `${action} ${path} = "${value}" has more than 3 fractional digits (OCPP 2.0.1)` });
        }
    }
    return problems;
}

const MAX_DEPTH = 32;

function resolveRef(root, node) {
    let current = node;
    for (let guard = 0; current && current.$ref && guard < 16; guard++) {
        const match = /^#\/definitions\/(.+)$/.exec(current.$ref);
        current = match ? root.definitions?.[match[1]] : undefined;
    }
    return current;
}

function collectDeclared(root, node, value, path, found, depth) {
    const schema = resolveRef(root, node);
    if (!schema || value === undefined || depth > MAX_DEPTH) {
        return;
    }
    if (schema.format === 'date-time' && typeof value === 'string') {
        found.set(path, { value, declared: true });
        return;
    }
    if (Array.isArray(value)) {
        if (schema.items && !Array.isArray(schema.items)) {
            value.forEach((item, i) => collectDeclared(root, schema.items, item, `${path}[${i}]`, found, depth + 1));
        }
        return;
    }
    if (value !== null && typeof value === 'object' && schema.properties) {
        for (const [key, child] of Object.entries(value)) {
            if (schema.properties[key]) {
                collectDeclared(root, schema.properties[key], child, `${path}.${key}`, found, depth + 1);
            }
        }
    }
}

function collectByName(value, path, found, depth) {
    if (depth > MAX_DEPTH || value === null || typeof value !== 'object') {
        return;
    }
    if (Array.isArray(value)) {
        value.forEach((item, i) => collectByName(item, `${path}[${i}]`, found, depth + 1));
        return;
    }
    for (const [key, child] of Object.entries(value)) {
        const childPath = `${path}.${key}`;
        if (typeof child === 'string' && DATE_TIME_NAME.test(key)) {
            if (!found.has(childPath)) {
                found.set(childPath, { value: child, declared: false });
            }
        } else {
            collectByName(child, childPath, found, depth + 1);
        }
    }
}

module.exports = {
    validators,
    validate,
    hasSchema,
    markUnchecked,
    checkTimestamps,
};
