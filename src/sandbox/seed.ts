/** The keys the simulated vendors accept; the gateway holds them in sandbox mode. */
export const sandboxKeys = { bland: 'sk-sandbox-bland', bolna: 'bn-sandbox-bolna' } as const;

/** Bland personas at start-up: id → the phone numbers that use it. */
export const seedPersonas: ReadonlyMap<string, readonly string[]> = new Map([
  ['11111111-1111-4111-8111-111111111111', []],
  ['22222222-2222-4222-8222-222222222222', ['+15551234567', '+15551234568']],
]);

/** Bolna dispositions at start-up: id → whether the sandbox account owns it. */
export const seedDispositions: ReadonlyMap<string, { ownedBySandbox: boolean }> = new Map([
  ['3fa85f64-5717-4562-b3fc-2c963f66afa6', { ownedBySandbox: true }],
  ['44444444-4444-4444-8444-444444444444', { ownedBySandbox: false }],
]);
