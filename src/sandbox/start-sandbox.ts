import type { VendorSettings } from '../config/load-config.js';
import { createBlandSimulator } from './bland-simulator.js';
import { createBolnaSimulator } from './bolna-simulator.js';
import { listenOnLoopback } from './loopback-server.js';
import { sandboxKeys, seedDispositions, seedPersonas } from './seed.js';

export interface Sandbox {
  /** Where the simulated Bland listens, and its built-in key. */
  bland: VendorSettings;
  /** Where the simulated Bolna listens, and its built-in key. */
  bolna: VendorSettings;
  close(): Promise<void>;
}

/**
 * Starts simulated Bland and Bolna on loopback with the contract's seed data. The gateway reaches
 * them through the same clients as the live vendors.
 */
export async function startSandbox(): Promise<Sandbox> {
  const [bland, bolna] = await Promise.all([
    listenOnLoopback(createBlandSimulator(sandboxKeys.bland, seedPersonas)),
    listenOnLoopback(createBolnaSimulator(sandboxKeys.bolna, seedDispositions)),
  ]);
  return {
    bland: { baseUrl: bland.url, apiKey: sandboxKeys.bland },
    bolna: { baseUrl: bolna.url, apiKey: sandboxKeys.bolna },
    close: async () => {
      await Promise.all([bland.close(), bolna.close()]);
    },
  };
}
