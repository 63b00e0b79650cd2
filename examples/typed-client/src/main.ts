import {
  deleteDisposition,
  deletePersona,
  detachPersonaNumbers,
  GatewayRequestError,
  readPersona,
} from './client.js';
import { deletePersonaTolerantly } from './tolerant-client.js';

// The gateway's embedded sandbox seed (see the project README): each call shows one member.
const deletablePersona = '11111111-1111-4111-8111-111111111111';
const personaInUse = '22222222-2222-4222-8222-222222222222';
const deletableDisposition = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const othersDisposition = '44444444-4444-4444-8444-444444444444';
const unknownPersona = '99999999-9999-4999-8999-999999999999';

const url = process.argv[2] ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';
const options = { url, token: process.env.GATEWAY_TOKEN };

const calls: [string, () => Promise<string>][] = [
  [`deletePersona ${deletablePersona}`, () => deletePersona(options, deletablePersona)],
  [`deletePersona ${deletablePersona}`, () => deletePersona(options, deletablePersona)],
  [`readPersona ${personaInUse}`, () => readPersona(options, personaInUse)],
  [`deletePersona ${personaInUse}`, () => deletePersona(options, personaInUse)],
  [
    `detachPersonaNumbers ${personaInUse}`,
    () => detachPersonaNumbers(options, personaInUse, ['+15551234567', '+15551234568']),
  ],
  [`deletePersona ${personaInUse}`, () => deletePersona(options, personaInUse)],
  [`readPersona ${personaInUse}`, () => readPersona(options, personaInUse)],
  ['deletePersona ../admin', () => deletePersona(options, '../admin')],
  [`deleteDisposition ${deletableDisposition}`, () => deleteDisposition(options, deletableDisposition)],
  [`deleteDisposition ${deletableDisposition}`, () => deleteDisposition(options, deletableDisposition)],
  [`deleteDisposition ${othersDisposition}`, () => deleteDisposition(options, othersDisposition)],
  ['deleteDisposition not-a-uuid', () => deleteDisposition(options, 'not-a-uuid')],
  [`deletePersona ${unknownPersona} (tolerant)`, () => deletePersonaTolerantly(options, unknownPersona)],
];

for (const [label, call] of calls) {
  try {
    console.log(`${label} -> ${await call()}`);
  } catch (error) {
    if (!(error instanceof GatewayRequestError)) throw error;
    console.error(`${label} -> request failed: ${error.message}`);
    process.exitCode = 1;
  }
}
