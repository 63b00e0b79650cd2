import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Environment, loadConfig, logLevels } from '../../src/config/load-config.js';
import { settings } from '../../src/config/settings.js';
import { tracingVariables } from '../../src/config/tracing-settings.js';

/**
 * Environments that take `loadConfig` down each of its paths (sandbox assumed or asked for, live,
 * production, a metrics port), so a variable read on one path only is still found.
 */
const probeEnvironments: Environment[] = [
  {},
  { NODE_ENV: 'production' },
  { SANDBOX: 'true' },
  { SANDBOX: 'false' },
  { BLAND_API_KEY: 'sk-probe', HOST: '0.0.0.0' },
  { METRICS_PORT: '9100', SHUTDOWN_TIMEOUT_MS: '1000' },
];

/** Every environment variable `loadConfig` reads, recorded by a Proxy around the environment. */
function variablesLoadConfigReads(): string[] {
  const read = new Set<string>();
  for (const env of probeEnvironments) {
    const recording = new Proxy(env, {
      get(target, key, receiver) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key, receiver);
      },
    });
    try {
      loadConfig(recording);
    } catch {
      // Some probes are invalid on purpose (a live key on 0.0.0.0): the reads still count.
    }
  }
  return [...read].sort();
}

/** What a setting's default says when it is not a value one could set. */
const describedDefaults = new Set(['none', 'see meaning', 'off in production']);

function isSettableDefault(defaultValue: string): boolean {
  return (
    /^\d+$/.test(defaultValue) ||
    URL.canParse(defaultValue) ||
    (logLevels as readonly string[]).includes(defaultValue) ||
    defaultValue === 'true' ||
    defaultValue === 'false' ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(defaultValue)
  );
}

describe('settings', () => {
  it('lists exactly the variables loadConfig reads', () => {
    const read = variablesLoadConfigReads();

    expect(read.length).toBeGreaterThan(10);
    expect(settings.map(({ name }) => name).sort()).toEqual(read);
  });

  it('lists each variable once', () => {
    const names = settings.map(({ name }) => name);

    expect(new Set(names).size).toBe(names.length);
  });

  it('gives every setting a meaning and either a value one can set or a described default', () => {
    for (const { name, defaultValue, meaning } of settings) {
      expect(meaning.trim(), name).not.toBe('');
      expect(isSettableDefault(defaultValue) || describedDefaults.has(defaultValue), name).toBe(true);
    }
  });

  const settable = settings.filter(({ defaultValue }) => isSettableDefault(defaultValue));

  it('has settable defaults to check', () => {
    expect(settable.map(({ name }) => name)).toEqual(
      expect.arrayContaining([
        'PORT',
        'HOST',
        'BLAND_BASE_URL',
        'BOLNA_BASE_URL',
        'UPSTREAM_TIMEOUT_MS',
        'LOG_LEVEL',
        'DRAIN_DELAY_MS',
      ]),
    );
  });

  it.each(settable.map(({ name, defaultValue }) => [name, defaultValue]))(
    'setting %s to its documented default (%s) changes nothing',
    (name, defaultValue) => {
      // Any BLAND_*/BOLNA_* variable means live mode: both sides are live, so only the value counts.
      const needed: Environment = /^(BLAND|BOLNA)_/.test(name) ? { SANDBOX: 'false' } : {};

      expect(loadConfig({ ...needed, [name]: defaultValue })).toEqual(loadConfig(needed));
    },
  );

  it.each([
    ['INTROSPECTION', 'introspection'],
    ['GRAPHIQL', 'graphiql'],
  ] as const)('%s is off in production and on elsewhere, as its default says', (name, field) => {
    const settingDefault = settings.find((setting) => setting.name === name)?.defaultValue;

    expect(settingDefault).toBe('off in production');
    expect(loadConfig({ NODE_ENV: 'production' })[field]).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', [name]: 'false' })).toEqual(
      loadConfig({ NODE_ENV: 'production' }),
    );
    expect(loadConfig({})[field]).toBe(true);
    expect(loadConfig({ [name]: 'true' })).toEqual(loadConfig({}));
  });

  it.each(settings.filter(({ defaultValue }) => defaultValue === 'none').map(({ name }) => [name]))(
    '%s defaults to none: unset and empty mean the same',
    (name) => {
      const needed: Environment = /^(BLAND|BOLNA)_/.test(name) ? { SANDBOX: 'false' } : {};

      expect(loadConfig({ ...needed, [name]: '' })).toEqual(loadConfig(needed));
    },
  );
});

describe('the README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it.each(settings.map(({ name }) => [name]))('mentions %s', (name) => {
    expect(readme).toContain(`\`${name}\``);
  });

  it.each(tracingVariables.map(({ name }) => [name]))('mentions %s under Tracing', (name) => {
    const tracing = readme.slice(readme.indexOf('## Tracing'));

    expect(readme).toContain('## Tracing');
    expect(tracing.slice(0, tracing.indexOf('\n## ', 1))).toContain(`\`${name}\``);
  });
});
