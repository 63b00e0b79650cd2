import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { type Environment, isLoopbackHost, loadConfig } from '../../src/config/load-config.js';
import { loadStartup } from '../../src/config/load-startup.js';
import { settings } from '../../src/config/settings.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import {
  commentedEnvNames,
  parseManifest,
  readManifest,
  readManifestText,
  uncommentOtelEntries,
} from './manifest-files.js';

// No Docker engine or cluster runs here: these tests check the Dockerfile and the manifests against
// the gateway's own code (what loadConfig reads and accepts, what the gateway answers).

const projectRoot = new URL('../../', import.meta.url);
const readProjectFile = (path: string) => readFileSync(new URL(path, projectRoot), 'utf8');

interface SecretKeyRef {
  name: string;
  key: string;
  optional?: boolean;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: SecretKeyRef };
}
interface HttpProbe {
  httpGet: { path: string; port: string | number };
  periodSeconds: number;
  failureThreshold: number;
}
interface Container {
  name: string;
  image: string;
  ports: { name: string; containerPort: number }[];
  env: EnvVar[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  livenessProbe: HttpProbe;
  readinessProbe: HttpProbe;
  resources: { requests: { cpu?: string; memory?: string }; limits: { memory?: string } };
  securityContext: {
    allowPrivilegeEscalation: boolean;
    readOnlyRootFilesystem: boolean;
    capabilities: { drop: string[] };
  };
}
interface Deployment {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        terminationGracePeriodSeconds: number;
        securityContext: { runAsNonRoot: boolean; runAsUser?: number };
        topologySpreadConstraints?: { labelSelector: { matchLabels: Record<string, string> } }[];
        containers: Container[];
        volumes?: { name: string; configMap?: { name: string; items?: unknown[] } }[];
      };
    };
  };
}
interface Service {
  kind: string;
  spec: { selector: Record<string, string>; ports: { port: number; targetPort: string | number }[] };
}
interface HorizontalPodAutoscaler {
  apiVersion: string;
  kind: string;
  spec: {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicas: number;
    maxReplicas: number;
    metrics: { type: string; resource?: { name: string } }[];
  };
}
interface Secret {
  kind: string;
  metadata: { name: string };
  stringData: Record<string, string>;
}
interface PodDisruptionBudget {
  apiVersion: string;
  kind: string;
  spec: {
    selector: { matchLabels: Record<string, string> };
    minAvailable?: number | string;
    maxUnavailable?: number | string;
  };
}
interface ConfigMap {
  kind: string;
  metadata: { name: string };
  data: Record<string, string>;
}

const deployment = readManifest('deployment.yaml') as Deployment;
const service = readManifest('service.yaml') as Service;
const hpa = readManifest('hpa.yaml') as HorizontalPodAutoscaler;
const secret = readManifest('secret.yaml') as Secret;
const pdb = readManifest('pdb.yaml') as PodDisruptionBudget;
const trustedDocumentsConfigMap = readManifest('configmap-trusted-documents.yaml') as ConfigMap;
const podSpec = deployment.spec.template.spec;

function theContainer(): Container {
  expect(podSpec.containers).toHaveLength(1);
  return podSpec.containers[0] as Container;
}

/** Every variable `loadConfig` reads, recorded by handing it an environment that notes each read. */
function variablesLoadConfigReads(): Set<string> {
  const read = new Set<string>();
  const recorder = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get(target, key) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key);
      },
    },
  );
  loadConfig(recorder);
  return read;
}

/** A stand-in for a Secret value: a well-formed URL, credential or token that is obviously not real. */
const dummySecret = (key: string) =>
  key === 'REDIS_URL'
    ? 'rediss://default:dummy-redis-password@redis.invalid:6379'
    : `dummy-${key.toLowerCase().replaceAll('_', '-')}-0123456789abcdef`;

/** The variables that hold a credential, or a URL that may hold one: only ever from the Secret. */
const credentialVariables = ['BLAND_API_KEY', 'BOLNA_API_KEY', 'GATEWAY_TOKENS', 'REDIS_URL', 'STORE_SECRET'];

/** The container's environment as the pod would see it, Secret values taken from `secretValue`. */
function podEnvironment(
  secretValue: (ref: SecretKeyRef) => string | undefined = (ref) => dummySecret(ref.key),
) {
  const env: Record<string, string | undefined> = {};
  for (const variable of theContainer().env) {
    const ref = variable.valueFrom?.secretKeyRef;
    env[variable.name] = ref ? secretValue(ref) : variable.value;
  }
  return env;
}

function secretKeyRefs(): SecretKeyRef[] {
  return theContainer().env.flatMap((variable) =>
    variable.valueFrom?.secretKeyRef ? [variable.valueFrom.secretKeyRef] : [],
  );
}

function configErrorOf(env: Environment): ConfigError | undefined {
  try {
    loadConfig(env);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

describe('the Deployment environment', () => {
  it('names only variables that loadConfig reads, each once, all of them in the settings table', () => {
    const known = variablesLoadConfigReads();
    expect(known).toContain('PORT');
    const settingNames = new Set(settings.map((setting) => setting.name));
    const names = theContainer().env.map((variable) => variable.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => !known.has(name))).toEqual([]);
    expect(names.filter((name) => !settingNames.has(name))).toEqual([]);
  });

  it('mentions other variables only as commented OpenTelemetry options, valid once uncommented', () => {
    const text = readManifestText('deployment.yaml');
    expect(commentedEnvNames(text)).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_SERVICE_NAME',
      'OTEL_TRACES_SAMPLER',
      'OTEL_TRACES_SAMPLER_ARG',
    ]);
    const withTracing = parseManifest(uncommentOtelEntries(text)) as Deployment;
    const [container] = withTracing.spec.template.spec.containers;
    const tracingEntries = container?.env.filter((variable) => variable.name.startsWith('OTEL_'));
    expect(tracingEntries).toEqual([
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://tempo.observability:4318' },
      { name: 'OTEL_SERVICE_NAME', value: 'voice-ai-gateway' },
      { name: 'OTEL_TRACES_SAMPLER', value: 'parentbased_traceidratio' },
      { name: 'OTEL_TRACES_SAMPLER_ARG', value: '0.1' },
    ]);
    // Turning tracing on changes nothing else in the container.
    expect(container?.env.filter((variable) => !variable.name.startsWith('OTEL_'))).toEqual(
      theContainer().env,
    );
  });

  it('is accepted by loadConfig: live, production, on 0.0.0.0 with vendor keys and gateway tokens', () => {
    const config = loadConfig(podEnvironment());
    expect(config.mode).toBe('LIVE');
    expect(config.production).toBe(true);
    expect(config.host).toBe('0.0.0.0');
    expect(isLoopbackHost(config.host)).toBe(false);
    expect(config.bland.apiKey).toBe(dummySecret('BLAND_API_KEY'));
    expect(config.bolna.apiKey).toBe(dummySecret('BOLNA_API_KEY'));
    expect(config.gatewayTokens).toEqual([dummySecret('GATEWAY_TOKENS')]);
  });

  it('shares one Redis and one store secret across the replicas, both from the Secret', () => {
    const config = loadConfig(podEnvironment());
    expect({ redisUrl: config.redisUrl, storeSecret: config.storeSecret }).toEqual({
      redisUrl: dummySecret('REDIS_URL'),
      storeSecret: dummySecret('STORE_SECRET'),
    });
  });

  it('takes every credential from the Secret, under its own name, never as a literal value', () => {
    const credentials = theContainer().env.filter((variable) => credentialVariables.includes(variable.name));
    expect(credentials.map((variable) => variable.name).sort()).toEqual([...credentialVariables].sort());
    for (const variable of credentials) {
      expect(variable).toEqual({
        name: variable.name,
        valueFrom: {
          secretKeyRef: {
            name: secret.metadata.name,
            key: variable.name,
            ...(variable.valueFrom?.secretKeyRef?.optional === undefined ? {} : { optional: true }),
          },
        },
      });
    }
  });

  it('would not start with REDIS_URL and no STORE_SECRET, so neither is optional', () => {
    const withoutStoreSecret = podEnvironment((ref) =>
      ref.key === 'STORE_SECRET' ? undefined : dummySecret(ref.key),
    );
    expect(configErrorOf(withoutStoreSecret)?.problems).toEqual([
      expect.stringContaining('STORE_SECRET must be set with REDIS_URL'),
    ]);
    // Without REDIS_URL each replica would remember alone: a fleet must not start that way unnoticed.
    for (const key of ['REDIS_URL', 'STORE_SECRET']) {
      const ref = secretKeyRefs().find((candidate) => candidate.key === key);
      expect({ key, optional: ref?.optional ?? false }).toEqual({ key, optional: false });
    }
  });

  it('would not start without its gateway tokens, so GATEWAY_TOKENS must stay required', () => {
    const withoutTokens = podEnvironment((ref) =>
      ref.key === 'GATEWAY_TOKENS' ? undefined : dummySecret(ref.key),
    );
    expect(configErrorOf(withoutTokens)?.problems).toEqual([expect.stringContaining('set GATEWAY_TOKENS')]);
    const tokens = secretKeyRefs().find((ref) => ref.key === 'GATEWAY_TOKENS');
    expect(tokens).toBeDefined();
    expect(tokens?.optional ?? false).toBe(false);
  });

  it('starts with either vendor key missing (vendor keys are optional in the Secret)', () => {
    const noVendorKeys = podEnvironment((ref) =>
      ref.key === 'BLAND_API_KEY' || ref.key === 'BOLNA_API_KEY' ? undefined : dummySecret(ref.key),
    );
    const config = loadConfig(noVendorKeys);
    expect(config.mode).toBe('LIVE');
    expect(config.bland.apiKey).toBeUndefined();
    expect(config.bolna.apiKey).toBeUndefined();
  });
});

describe('the Deployment pod', () => {
  const config = loadConfig(podEnvironment());
  const httpPort = () => theContainer().ports.find((port) => port.name === 'http');

  it('exposes the port the gateway listens on, named http', () => {
    expect(httpPort()?.containerPort).toBe(config.port);
  });

  it('probes /health for liveness and /ready for readiness, on that port', () => {
    const { livenessProbe, readinessProbe } = theContainer();
    expect(livenessProbe.httpGet.path).toBe('/health');
    expect(readinessProbe.httpGet.path).toBe('/ready');
    for (const probe of [livenessProbe, readinessProbe]) {
      const port = probe.httpGet.port;
      expect(
        typeof port === 'number' ? port : theContainer().ports.find((p) => p.name === port)?.containerPort,
      ).toBe(config.port);
    }
  });

  it('notices a draining replica before the drain delay ends', () => {
    const { periodSeconds, failureThreshold } = theContainer().readinessProbe;
    expect(periodSeconds * failureThreshold * 1000).toBeLessThan(config.drainDelayMs);
  });

  it('gives a stopping replica longer than its shutdown timeout before SIGKILL', () => {
    // The margin covers what main.ts does after the timeout: a final flush (1 s), closing pools, exit.
    const marginMs = 5000;
    expect(podSpec.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(
      config.shutdownTimeoutMs + marginMs,
    );
  });

  it('runs as non-root on a read-only root filesystem with no capabilities', () => {
    const container = theContainer();
    expect(podSpec.securityContext.runAsNonRoot).toBe(true);
    expect(podSpec.securityContext.runAsUser).not.toBe(0);
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(config.auditLogFile).toBeUndefined();
  });

  it('requests CPU (the autoscaler measures against it) and limits memory', () => {
    expect(theContainer().resources.requests.cpu).toBeDefined();
    expect(theContainer().resources.limits.memory).toBeDefined();
  });
});

describe('the probed endpoints on a real gateway', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('answer 200 on the liveness and readiness paths', async () => {
    for (const probe of [theContainer().livenessProbe, theContainer().readinessProbe]) {
      const response = await fetch(`${gateway.url}${probe.httpGet.path}`);
      await response.arrayBuffer();
      expect({ path: probe.httpGet.path, status: response.status }).toEqual({
        path: probe.httpGet.path,
        status: 200,
      });
    }
  });
});

describe('the Service, the autoscaler and the Secret', () => {
  it('the Service selects the pods and targets the container port', () => {
    expect(service.kind).toBe('Service');
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(deployment.spec.selector.matchLabels).toEqual(service.spec.selector);
    expect(service.spec.ports).toHaveLength(1);
    const { targetPort } = service.spec.ports[0] as { targetPort: string | number };
    const target = theContainer().ports.find((port) =>
      typeof targetPort === 'number' ? port.containerPort === targetPort : port.name === targetPort,
    );
    expect(target?.containerPort).toBe(loadConfig(podEnvironment()).port);
  });

  it('the autoscaler (autoscaling/v2) scales this Deployment on CPU from at least 2 replicas', () => {
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: deployment.apiVersion,
      kind: deployment.kind,
      name: deployment.metadata.name,
    });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(hpa.spec.metrics).toContainEqual(
      expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) }),
    );
    // The autoscaler owns the replica count: a fixed one would be reset by every `kubectl apply`.
    expect(deployment.spec.replicas).toBeUndefined();
  });

  it('the Secret holds exactly the keys the Deployment references, under the name it references', () => {
    const refs = secretKeyRefs();
    expect(new Set(refs.map((ref) => ref.name))).toEqual(new Set([secret.metadata.name]));
    expect(Object.keys(secret.stringData).sort()).toEqual(refs.map((ref) => ref.key).sort());
  });

  it("the Secret's placeholders stop start-up rather than run with a published token or key", () => {
    const placeholders = podEnvironment((ref) => secret.stringData[ref.key]);
    const problems = configErrorOf(placeholders)?.problems ?? [];
    expect(problems).toEqual(
      expect.arrayContaining(
        secretKeyRefs().map((ref) => expect.stringMatching(new RegExp(`^${ref.key} must be`))),
      ),
    );
    // A problem message never echoes a credential.
    for (const value of Object.values(secret.stringData)) {
      expect(problems.join('\n')).not.toContain(value);
    }
  });
});

describe('several replicas', () => {
  const podLabels = deployment.spec.template.metadata.labels;

  it('never runs fewer than 2: the autoscaler owns the count, with no replicas for kubectl apply to reset', () => {
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec.replicas).toBeUndefined();
    expect(readManifestText('deployment.yaml')).toMatch(/# No `replicas`: the HorizontalPodAutoscaler owns/);
  });

  it("the disruption budget covers exactly the Deployment's pods", () => {
    expect({ apiVersion: pdb.apiVersion, kind: pdb.kind }).toEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
    });
    expect(pdb.spec.selector).toEqual({ matchLabels: deployment.spec.selector.matchLabels });
    expect(podLabels).toMatchObject(pdb.spec.selector.matchLabels);
  });

  it('the disruption budget keeps at least one pod through a drain, and lets a drain go on', () => {
    const { minAvailable, maxUnavailable } = pdb.spec;
    // One of the two, as a count: a percentage rounds differently as the autoscaler scales.
    expect([minAvailable, maxUnavailable].filter((bound) => bound !== undefined)).toHaveLength(1);
    const bound = minAvailable ?? maxUnavailable;
    expect(Number.isInteger(bound)).toBe(true);
    const fewestPods = hpa.spec.minReplicas;
    const keptAtFewest = minAvailable === undefined ? fewestPods - (maxUnavailable as number) : minAvailable;
    expect(keptAtFewest).toBeGreaterThanOrEqual(1);
    // Otherwise no pod could ever be evicted and node drains would hang.
    expect(fewestPods - (keptAtFewest as number)).toBeGreaterThanOrEqual(1);
  });

  it('spreads the pods across nodes', () => {
    expect(podSpec.topologySpreadConstraints).toEqual([
      expect.objectContaining({
        topologyKey: 'kubernetes.io/hostname',
        labelSelector: { matchLabels: deployment.spec.selector.matchLabels },
      }),
    ]);
  });
});

describe('the trusted documents ConfigMap', () => {
  const config = loadConfig(podEnvironment());
  const volume = () =>
    podSpec.volumes?.find((v) => v.configMap?.name === trustedDocumentsConfigMap.metadata.name);
  const mount = () => theContainer().volumeMounts?.find((m) => m.name === volume()?.name);

  it('is mounted read-only, whole (every key a file), in the pod', () => {
    expect(trustedDocumentsConfigMap.kind).toBe('ConfigMap');
    expect(volume()?.configMap).toEqual({ name: trustedDocumentsConfigMap.metadata.name });
    expect(mount()?.readOnly).toBe(true);
  });

  it('holds every file TRUSTED_DOCUMENTS_FILE names, and so only trusted documents run', () => {
    const mountPath = mount()?.mountPath ?? '';
    expect(config.trustedDocumentsFiles.length).toBeGreaterThan(0);
    expect(
      config.trustedDocumentsFiles.map((file) => ({ file, inMount: posix.dirname(file) === mountPath })),
    ).toEqual(config.trustedDocumentsFiles.map((file) => ({ file, inMount: true })));
    expect(Object.keys(trustedDocumentsConfigMap.data)).toEqual(
      expect.arrayContaining(config.trustedDocumentsFiles.map((file) => posix.basename(file))),
    );
    expect(config.trustedDocumentsOnly).toBe(true);
  });

  describe('its example manifest, on a real gateway', () => {
    let folder: string;
    let gateway: TestGateway;
    let trustedDocuments: ReadonlyMap<string, string> | undefined;
    const exampleDocument = 'query GatewayMode { gateway { mode } }';
    const exampleId = createHash('sha256').update(exampleDocument).digest('hex');

    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'deploy-trusted-documents-'));
      // The files as the pod sees them, under a folder of this test instead of the mount path.
      const files = [];
      for (const file of config.trustedDocumentsFiles) {
        const copy = join(folder, posix.basename(file));
        await writeFile(copy, trustedDocumentsConfigMap.data[posix.basename(file)] ?? '');
        files.push(copy);
      }
      ({ trustedDocuments } = loadStartup({ ...podEnvironment(), TRUSTED_DOCUMENTS_FILE: files.join(',') }));
      gateway = await startTestGateway({
        trustedDocuments,
        trustedDocumentsOnly: config.trustedDocumentsOnly,
      });
    });
    afterAll(async () => {
      await gateway?.close();
      await rm(folder, { recursive: true, force: true });
    });

    const post = async (body: Record<string, unknown>) => {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };

    it('is accepted at start-up: its one key is the sha256 of its document', () => {
      expect(trustedDocuments).toEqual(new Map([[exampleId, exampleDocument]]));
    });

    it('runs its document sent by id', async () => {
      expect(await post({ documentId: `sha256:${exampleId}` })).toEqual({
        status: 200,
        body: { data: { gateway: { mode: 'LIVE' } } },
      });
    });

    it('refuses the same document sent as text', async () => {
      expect(await post({ query: exampleDocument })).toEqual({
        status: 400,
        body: {
          errors: [
            {
              message:
                'This gateway runs trusted documents only: send a documentId instead of the document text.',
              extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' },
            },
          ],
        },
      });
    });
  });
});

/** The Dockerfile's instructions: comments dropped, continuation lines joined. */
function dockerfileInstructions(): { instruction: string; args: string }[] {
  const joined = readProjectFile('Dockerfile')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replaceAll(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [instruction = '', ...rest] = line.split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: rest.join(' ') };
    });
}

describe('the Dockerfile', () => {
  const instructions = dockerfileInstructions();
  const all = (name: string) =>
    instructions.filter((entry) => entry.instruction === name).map((entry) => entry.args);
  const imageEnv: Record<string, string> = Object.fromEntries(
    all('ENV').flatMap((args) => args.split(/\s+/).map((pair) => pair.split('=', 2) as [string, string])),
  );
  const healthcheckCommand = (): string[] => {
    const [healthcheck] = all('HEALTHCHECK');
    const exec = healthcheck?.match(/\bCMD\s+(\[.*\])$/)?.[1];
    expect(exec).toBeDefined();
    return JSON.parse(exec ?? '[]');
  };

  it('builds in one node:20-slim stage and runs from another, as the non-root node user', () => {
    expect(all('FROM')).toEqual(['node:20-slim AS build', 'node:20-slim AS runtime']);
    expect(all('USER')).toEqual(['node']);
    expect(all('RUN')).toEqual(
      expect.arrayContaining([
        expect.stringContaining('npm run build'),
        expect.stringContaining('npm ci --omit=dev'),
      ]),
    );
    expect(all('COPY')).toEqual(expect.arrayContaining(['--from=build /app/dist ./dist']));
    expect(all('CMD')).toEqual(['["node", "dist/main.js"]']);
    expect(all('STOPSIGNAL')).toEqual(['SIGTERM']);
  });

  it('builds with what npm run build reads, and starts the way npm start does after it', () => {
    const { scripts } = JSON.parse(readProjectFile('package.json')) as { scripts: Record<string, string> };
    expect(scripts.build).toBe('tsc -p tsconfig.build.json && tsx scripts/build.ts');
    expect(scripts.start).toBe('npm run -s build && node dist/main.js');
    // scripts/build.ts imports scripts/bundle.ts; both type-checks read both tsconfigs.
    expect(all('COPY')).toEqual(
      expect.arrayContaining([
        'tsconfig.json tsconfig.build.json ./',
        'scripts/build.ts scripts/bundle.ts ./scripts/',
        'src ./src',
      ]),
    );
    expect(readProjectFile('scripts/build.ts')).toContain("from './bundle.js'");
    expect(JSON.parse(all('CMD')[0] ?? '[]').join(' ')).toBe(scripts.start?.split(' && ')[1]);
  });

  it('listens on 0.0.0.0 and exposes the port the gateway reads from its environment', () => {
    const config = loadConfig(imageEnv);
    expect(imageEnv.NODE_ENV).toBe('production');
    expect(config.host).toBe('0.0.0.0');
    expect(all('EXPOSE')).toEqual([String(config.port)]);
    expect(config.port).toBe(loadConfig(podEnvironment()).port);
  });

  it('refuses to start with a vendor key and no GATEWAY_TOKENS, as its comments say', () => {
    expect(configErrorOf({ ...imageEnv, BLAND_API_KEY: dummySecret('BLAND_API_KEY') })?.problems).toEqual([
      expect.stringContaining('set GATEWAY_TOKENS'),
    ]);
    expect(readProjectFile('Dockerfile')).toContain('GATEWAY_TOKENS');
  });

  describe('HEALTHCHECK', () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await startTestGateway();
    });
    afterAll(async () => {
      await gateway.close();
    });

    const runHealthcheck = async (port: string) => {
      const [command, ...args] = healthcheckCommand();
      expect(command).toBe('node');
      try {
        await promisify(execFile)(process.execPath, args, { env: { PORT: port }, timeout: 10_000 });
        return 0;
      } catch (error) {
        return (error as { code?: number }).code;
      }
    };

    it('asks /health with node (slim images have no curl)', () => {
      expect(healthcheckCommand().join(' ')).toMatch(/'\/health'/);
    });

    it('succeeds against a running gateway', async () => {
      expect(await runHealthcheck(new URL(gateway.url).port)).toBe(0);
    });

    it('fails when nothing healthy answers', async () => {
      const unhealthy = createServer((_request, response) => response.writeHead(503).end());
      await new Promise<void>((resolve) => unhealthy.listen(0, '127.0.0.1', resolve));
      try {
        expect(await runHealthcheck(String((unhealthy.address() as AddressInfo).port))).toBe(1);
      } finally {
        await new Promise<void>((resolve) => unhealthy.close(() => resolve()));
      }
    });
  });
});
