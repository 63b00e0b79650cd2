import type { DispositionWire } from './wire.js';

/** One disposition as the simulator keeps it. */
export interface DispositionRecord {
  disposition: DispositionWire;
  /** Epoch ms from which gets, updates, deletes and lists find it (Bolna's create lag); 0 for the seed. */
  visibleFrom: number;
}

/** Who may do what with a disposition, from its `created_by` (as Bolna decides). */
export type DispositionAccess = 'owned' | 'global' | 'foreign';

export interface BolnaState {
  userId: string;
  /** The account's agents: any other agent id answers 403. */
  agentIds: ReadonlySet<string>;
  globalCreator: string;
  createLagMs: number;
  /** In creation order, which is the lists' order. */
  dispositions: Map<string, DispositionRecord>;
}

export interface BolnaSeed {
  userId: string;
  agentIds: readonly string[];
  globalCreator: string;
  dispositions: readonly DispositionWire[];
}

/** Fresh state from the seed: nothing in it is shared with the seed or with another start. */
export function createBolnaState(seed: BolnaSeed, createLagMs: number): BolnaState {
  const dispositions = new Map<string, DispositionRecord>(
    structuredClone(seed.dispositions).map((disposition) => [
      disposition.id,
      { disposition, visibleFrom: 0 },
    ]),
  );
  return {
    userId: seed.userId,
    agentIds: new Set(seed.agentIds),
    globalCreator: seed.globalCreator,
    createLagMs,
    dispositions,
  };
}

/** The disposition when it exists and its create lag is over. */
export function findDisposition(state: BolnaState, id: string, now: Date): DispositionRecord | undefined {
  const record = state.dispositions.get(id);
  return record && record.visibleFrom <= now.getTime() ? record : undefined;
}

/** Every disposition past its create lag, in creation order. */
export function visibleDispositions(state: BolnaState, now: Date): DispositionWire[] {
  return [...state.dispositions.values()]
    .filter((record) => record.visibleFrom <= now.getTime())
    .map((record) => record.disposition);
}

export function accessOf(state: BolnaState, disposition: DispositionWire): DispositionAccess {
  if (disposition.created_by === state.userId) return 'owned';
  return disposition.created_by === state.globalCreator ? 'global' : 'foreign';
}

/** Keeps a disposition this account just made: found only after the create lag. */
export function addCreated(state: BolnaState, disposition: DispositionWire, now: Date): void {
  state.dispositions.set(disposition.id, { disposition, visibleFrom: now.getTime() + state.createLagMs });
}

/** The account may use `agentId` (absent: nothing to check). */
export function isOwnAgent(state: BolnaState, agentId: string | undefined): boolean {
  return agentId === undefined || state.agentIds.has(agentId);
}
