import type { VendorSettings } from '../config/load-config.js';
import { createBlandSimulator } from './bland/router.js';
import { createBlandState } from './bland/state.js';
import { createBolnaSimulator } from './bolna/router.js';
import { createBolnaState } from './bolna/state.js';
import { listenOnLoopback } from './loopback-server.js';
import {
  blandAccount,
  bolnaAccount,
  bolnaGlobalCreator,
  sandboxKeys,
  seedDispositions,
  seedPersonas,
} from './seed.js';

export interface Sandbox {
  /** Where the simulated Bland listens, and its built-in key. */
  bland: VendorSettings;
  /** Where the simulated Bolna listens, and its built-in key. */
  bolna: VendorSettings;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /**
   * How long a disposition created in the simulated Bolna answers 404 and stays out of lists, as Bolna's can.
   * @default 2000
   */
  createLagMs?: number;
}

/**
 * Starts simulated Bland and Bolna on loopback, each with fresh state from the contract's seed
 * data (kept in memory until `close`). The gateway reaches them through the same clients as the
 * live vendors.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const blandState = createBlandState({ ...blandAccount, personas: seedPersonas });
  const bolnaState = createBolnaState(
    { ...bolnaAccount, globalCreator: bolnaGlobalCreator, dispositions: seedDispositions },
    options.createLagMs ?? 2000,
  );
  const [bland, bolna] = await Promise.all([
    listenOnLoopback(createBlandSimulator(sandboxKeys.bland, blandState)),
    listenOnLoopback(createBolnaSimulator(sandboxKeys.bolna, bolnaState)),
  ]);
  return {
    bland: { baseUrl: bland.url, apiKey: sandboxKeys.bland },
    bolna: { baseUrl: bolna.url, apiKey: sandboxKeys.bolna },
    close: async () => {
      await Promise.all([bland.close(), bolna.close()]);
    },
  };
}
