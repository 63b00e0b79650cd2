import {
  deleteDisposition,
  deletePersona,
  detachPersonaNumbers,
  GatewayRequestError,
  readPersona,
} from './client.js';
import { deletePersonaTolerantly } from './tolerant-client.js';
import {
  createDisposition,
  createDispositions,
  createPersona,
  promotePersonaDraft,
  updateDisposition,
  updatePersona,
} from './write-client.js';

// The gateway's embedded sandbox seed (see the project README): each call shows one member.
const deletablePersona = '11111111-1111-4111-8111-111111111111';
const personaInUse = '22222222-2222-4222-8222-222222222222';
const deletableDisposition = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const othersDisposition = '44444444-4444-4444-8444-444444444444';
const unknownPersona = '99999999-9999-4999-8999-999999999999';
const personaWithoutDraft = '33333333-3333-4333-8333-333333333333';
const sharedDisposition = '55555555-5555-4555-8555-555555555555';
const firstAgent = 'aaaaaaaa-0000-4000-8000-000000000001';
const secondAgent = 'aaaaaaaa-0000-4000-8000-000000000002';

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
  // A persona's journey: create, then edit the draft of one that has none, and promote it.
  [
    'createPersona "Billing Agent"',
    () => createPersona(options, { name: 'Billing Agent', personalityPrompt: 'You explain invoices.' }),
  ],
  [`promotePersonaDraft ${personaWithoutDraft}`, () => promotePersonaDraft(options, personaWithoutDraft)],
  [
    `updatePersona ${personaWithoutDraft}`,
    () =>
      updatePersona(options, personaWithoutDraft, { orchestrationPrompt: 'Greet, then ask how to help.' }),
  ],
  [`promotePersonaDraft ${personaWithoutDraft}`, () => promotePersonaDraft(options, personaWithoutDraft)],
  ['createPersona ""', () => createPersona(options, { name: '' })],
  // A disposition's journey: create, then edit a shared one for one agent (Bolna copies it).
  [
    'createDisposition "Callback Requested"',
    () =>
      createDisposition(options, {
        agentId: firstAgent,
        name: 'Callback Requested',
        question: 'Did the caller ask to be called back?',
        isObjective: true,
        objectiveOptions: [{ value: 'yes', condition: 'The caller asked for a callback' }],
      }),
  ],
  [
    `updateDisposition ${sharedDisposition} for agent ${secondAgent}`,
    () =>
      updateDisposition(options, sharedDisposition, {
        agentId: secondAgent,
        question: 'How warm is the lead?',
      }),
  ],
  [
    `createDispositions for agent ${firstAgent}`,
    () =>
      createDispositions(options, firstAgent, [
        { name: 'Budget', question: 'Did the caller name a budget?', isSubjective: true },
        { name: 'Timeline', question: 'When does the caller want to start?', isSubjective: true },
      ]),
  ],
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
